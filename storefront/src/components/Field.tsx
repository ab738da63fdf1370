import type { InputHTMLAttributes } from 'react';

/** A labelled input: the label's `for` names the input, so clicking or reading the label finds it. */
export function Field({
  label,
  id,
  ...input
}: { label: string; id: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={id} {...input} />
    </div>
  );
}
