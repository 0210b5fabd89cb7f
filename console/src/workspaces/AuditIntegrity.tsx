import { useState } from "preact/hooks";
import { graphql, otherErrors } from "../api";
import { ErrorList } from "../components/Errors";
import { Form, TextField } from "../components/Fields";
import { useCall } from "../components/useCall";
import { DateTime } from "../components/Values";
import { useLanguage } from "../i18n";

const BREAK = "writerId sequence problem detail expected actual";
const INTEGRITY = `query ConsoleAuditIntegrity($from: DateTime, $to: DateTime) {
  auditIntegrity(from: $from, to: $to) {
    ok from to verifiedAt entriesChecked checkpointsChecked unsealedEntries firstBreak { ${BREAK} }
    writers { writerId entriesChecked checkpointsChecked firstSequence lastSequence sealedThrough unsealedEntries final firstBreak { ${BREAK} } }
  }
}`;

interface Break {
  writerId: string | null;
  sequence: number | null;
  problem: string;
  detail: string;
  expected: string | null;
  actual: string | null;
}
interface Report {
  ok: boolean;
  from: string;
  to: string;
  verifiedAt: string;
  entriesChecked: number;
  checkpointsChecked: number;
  unsealedEntries: number;
  firstBreak: Break | null;
  writers: Array<{ writerId: string; entriesChecked: number; checkpointsChecked: number; firstSequence: number | null; lastSequence: number | null; sealedThrough: number; unsealedEntries: number; final: boolean; firstBreak: Break | null }>;
}

function BreakView({ b }: { b: Break }) {
  const { t } = useLanguage();
  return (
    <p class="warning" data-testid="integrity-break">
      {t("integrity.break")}: <code>{b.problem}</code> {b.writerId ?? ""} {b.sequence !== null ? `#${b.sequence}` : ""} — {b.detail}
    </p>
  );
}

/** 完整性: the hash chains and signed checkpoints of this node's log, chain by chain. */
export function AuditIntegrity() {
  const { t } = useLanguage();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const call = useCall<{ auditIntegrity: Report }>();
  const run = () => void call.run(() => graphql(INTEGRITY, { from: from ? new Date(from).toISOString() : undefined, to: to ? new Date(to).toISOString() : undefined }));
  const r = call.result?.auditIntegrity;
  return (
    <div class="integrity">
      <Form label={t("compliance.tab.integrity")} onSubmit={run} id="integrity-form">
        <TextField id="integrity-from" label={t("log.from")} type="datetime-local" value={from} onInput={setFrom} hint={t("anomalies.defaultPeriod")} />
        <TextField id="integrity-to" label={t("log.to")} type="datetime-local" value={to} onInput={setTo} />
        <div class="actions"><button type="submit" class="primary" disabled={call.loading}>{t("integrity.verify")}</button></div>
      </Form>
      <ErrorList errors={otherErrors(call.errors)} />
      {r && (
        <section data-testid="integrity-report">
          <p class={r.ok ? "notice" : "warning"} data-ok={String(r.ok)}>
            <strong>{r.ok ? t("integrity.ok") : t("integrity.broken")}</strong> · {t("integrity.entries", { count: r.entriesChecked })} · {t("integrity.checkpoints", { count: r.checkpointsChecked })} · {t("integrity.unsealed", { count: r.unsealedEntries })} · {t("integrity.verifiedAt")} <DateTime value={r.verifiedAt} />
          </p>
          {r.firstBreak && <BreakView b={r.firstBreak} />}
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t("integrity.writer")}</th>
                <th scope="col">{t("integrity.sequences")}</th>
                <th scope="col">{t("integrity.entriesChecked")}</th>
                <th scope="col">{t("integrity.lastCheckpoint")}</th>
                <th scope="col">{t("integrity.unsealedEntries")}</th>
                <th scope="col">{t("integrity.final")}</th>
                <th scope="col">{t("integrity.state")}</th>
              </tr>
            </thead>
            <tbody>
              {r.writers.map((w) => (
                <tr key={w.writerId}>
                  <td><code>{w.writerId}</code></td>
                  <td>{w.firstSequence ?? "—"}–{w.lastSequence ?? "—"}</td>
                  <td>{w.entriesChecked}</td>
                  <td>{t("integrity.sealedThrough", { sequence: w.sealedThrough, count: w.checkpointsChecked })}</td>
                  <td>{w.unsealedEntries}</td>
                  <td>{w.final ? t("value.yes") : t("value.no")}</td>
                  <td>{w.firstBreak ? <BreakView b={w.firstBreak} /> : t("integrity.chainOk")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
