import type { GraphqlError } from "../api";
import { hasMessage, useLanguage } from "../i18n";

/**
 * Errors in words: the code's explanation first (every code of the API contract is translated),
 * then what the server named (the field and problem, the region that did not answer).
 */
export function ErrorList({ errors }: { errors: GraphqlError[] }) {
  const { t, code } = useLanguage();
  if (errors.length === 0) return null;
  return (
    <div class="errors" role="alert" data-testid="errors">
      {errors.map((error, i) => {
        const errorCode = error.extensions?.code ?? "INTERNAL_SERVER_ERROR";
        const details: string[] = [];
        if (error.extensions?.region) details.push(`${t("error.region")}: ${code("region", error.extensions.region)}`);
        if (error.extensions?.reasonCode) details.push(`${t("error.reason")}: ${code("reason", error.extensions.reasonCode)}`);
        if (error.extensions?.field) details.push(`${t("error.field")}: ${error.extensions.field}`);
        const known = hasMessage(`error.${errorCode}`);
        return (
          <p key={i} class="error" data-code={errorCode}>
            <strong>{known ? code("error", errorCode) : errorCode}</strong>
            {details.length > 0 && <span> ({details.join("; ")})</span>}
            <span class="error-detail"> — {error.message}</span>
          </p>
        );
      })}
    </div>
  );
}
