/** What a subgraph's `/ready` asks of its dependencies, named as every subgraph names them. */
export interface SubgraphDependencies {
  pool: { query: (sql: string) => Promise<unknown> };
  /** Absent for a subgraph without Redis (payments). */
  redis?: { ping: () => Promise<unknown> };
  producerReady: () => Promise<void>;
  /** The consumer's group membership: a consumer that lost its group makes the service not ready. */
  membership: { check: () => Promise<void> };
}

/** The readiness checks of a subgraph: MySQL and Redis answer, the Kafka producer is up, the consumer in its group. */
export function subgraphReadiness({
  pool,
  redis,
  producerReady,
  membership,
}: SubgraphDependencies): Record<string, () => Promise<unknown>> {
  return {
    mysql: () => pool.query('SELECT 1'),
    ...(redis ? { redis: () => redis.ping() } : {}),
    kafkaProducer: producerReady,
    kafkaConsumer: membership.check,
  };
}
