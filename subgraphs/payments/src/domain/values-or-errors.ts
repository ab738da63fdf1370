/** One value or one Error per task, in order: how a batch reports items that failed on their own. */
export async function valuesOrErrors<Value>(tasks: Promise<Value>[]): Promise<(Value | Error)[]> {
  return (await Promise.allSettled(tasks)).map((outcome) => {
    if (outcome.status === 'fulfilled') return outcome.value;
    return outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason));
  });
}
