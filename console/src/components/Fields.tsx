import type { ComponentChildren } from "preact";

interface FieldProps {
  id: string;
  label: string;
  error?: string | null;
  hint?: string;
  required?: boolean;
}

function Described({ id, error, hint }: { id: string; error?: string | null; hint?: string }) {
  return (
    <>
      {hint && !error && (
        <p id={`${id}-hint`} class="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function FieldLabel({ id, label, required }: { id: string; label: string; required?: boolean }) {
  return (
    <label for={id}>
      {label}
      {required && <span class="required" aria-hidden="true"> *</span>}
    </label>
  );
}

/** The field's accessibility wiring: its message when it has one, else its hint. */
const ariaOf = (id: string, error?: string | null, hint?: string, required?: boolean) => ({
  "aria-required": required ? ("true" as const) : undefined,
  "aria-invalid": error ? ("true" as const) : undefined,
  "aria-describedby": describedBy(id, error, hint),
});

const describedBy = (id: string, error?: string | null, hint?: string) => (error ? `${id}-error` : hint ? `${id}-hint` : undefined);

export function TextField(
  props: FieldProps & {
    value: string;
    onInput: (value: string) => void;
    type?: "text" | "date" | "datetime-local" | "number";
    inputMode?: "numeric" | "decimal" | "text";
    placeholder?: string;
    autoComplete?: string;
    maxLength?: number;
  },
) {
  const { id, label, error, hint, required } = props;
  return (
    <div class="field">
      <FieldLabel id={id} label={label} required={required} />
      <input
        id={id}
        name={id}
        type={(props.type ?? "text") as "text"}
        value={props.value}
        inputMode={props.inputMode}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? "off"}
        maxLength={props.maxLength}
        {...ariaOf(id, error, hint, required)}
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
      <Described id={id} error={error} hint={hint} />
    </div>
  );
}

export function TextArea(props: FieldProps & { value: string; onInput: (value: string) => void; rows?: number }) {
  const { id, label, error, hint, required } = props;
  return (
    <div class="field field-wide">
      <FieldLabel id={id} label={label} required={required} />
      <textarea
        id={id}
        name={id}
        rows={props.rows ?? 2}
        value={props.value}
        {...ariaOf(id, error, hint, required)}
        onInput={(e) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <Described id={id} error={error} hint={hint} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: FieldProps & { value: string; onChange: (value: string) => void; options: Option[] }) {
  const { id, label, error, hint, required } = props;
  return (
    <div class="field">
      <FieldLabel id={id} label={label} required={required} />
      <select
        id={id}
        name={id}
        value={props.value}
        {...ariaOf(id, error, hint, required)}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Described id={id} error={error} hint={hint} />
    </div>
  );
}

export function CheckboxField(props: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div class="field field-check">
      <input id={props.id} name={props.id} type="checkbox" checked={props.checked} onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)} />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}

/** A form: submitting by Enter or the button, never a page load. */
export function Form(props: { label: string; onSubmit: () => void; children: ComponentChildren; id?: string }) {
  return (
    <form
      id={props.id}
      class="form"
      aria-label={props.label}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      {props.children}
    </form>
  );
}
