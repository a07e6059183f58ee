/** One failed rule of one field, translated at render time (the translator's input, raised as common's ValidationFailed). */
export interface FieldError {
  field: string;
  /** i18n key under `validation.` (translated) or undefined for a literal message */
  rule?: string;
  /** literal message (custom rules are never translated) */
  text?: string;
  params?: Record<string, string | number>;
}
