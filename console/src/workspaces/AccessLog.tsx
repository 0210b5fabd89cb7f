import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import { graphql, GraphqlFailure, otherErrors, type GraphqlError } from "../api";
import { ErrorList } from "../components/Errors";
import { Form, SelectField, TextField } from "../components/Fields";
import { Pager, useKeysetPages } from "../components/Pager";
import { useCall } from "../components/useCall";
import { DateTime, Enum, RegionTag } from "../components/Values";
import { parseIdentityNumber } from "../identity";
import { useLanguage } from "../i18n";
import { REGIONS, ROLES, SCHEMA_FACTS } from "../schemaFacts";
import { downloadCsv, downloadJsonl } from "./accessLogExport";

export const ENTRY_FIELDS = `id region recordedAt requestId writerId sequence officer agency officerRegion roles purpose caseRef operationName outcome errorCode errorDetail
  resultCount latencyMs forwardedBy subjectHmacs fieldsRequested entryHash
  fieldsDenied { path policyId reasonCode } fieldsMasked { path policyId reasonCode } peerHops { region outcome peerRequestId }`;
const LOG = `query ConsoleAccessLog($filter: AccessLogFilter!, $first: Int, $after: String) {
  accessLog(filter: $filter, first: $first, after: $after) { pageInfo { endCursor hasNextPage } edges { cursor node { ${ENTRY_FIELDS} } } }
}`;
const SUBJECT = `query ConsoleSubjectAccessReport($idNumber: String!, $from: DateTime, $to: DateTime) {
  subjectAccessReport(idNumber: $idNumber, from: $from, to: $to) { ${ENTRY_FIELDS} }
}`;
const PAGE = 20;
const OUTCOMES = ["ALLOWED", "MASKED", "PARTIAL", "DENIED", "INVALID", "UNAUTHENTICATED", "FAILED"];

export interface AccessEntry {
  id: string;
  region: string;
  recordedAt: string;
  requestId: string;
  writerId: string;
  sequence: number;
  officer: string | null;
  agency: string | null;
  officerRegion: string | null;
  roles: string[];
  purpose: string | null;
  caseRef: string | null;
  operationName: string | null;
  outcome: string;
  errorCode: string | null;
  errorDetail: string | null;
  resultCount: number;
  latencyMs: number;
  forwardedBy: string | null;
  subjectHmacs: string[];
  fieldsRequested: string[];
  entryHash: string;
  fieldsDenied: Array<{ path: string; policyId: string; reasonCode: string }>;
  fieldsMasked: Array<{ path: string; policyId: string; reasonCode: string }>;
  peerHops: Array<{ region: string; outcome: string; peerRequestId: string | null }>;
}

export interface LogFilter {
  officer: string;
  agency: string;
  subject: string;
  purpose: string;
  caseRef: string;
  outcome: string;
  region: string;
  role: string;
  operationName: string;
  from: string;
  to: string;
}

const EMPTY: LogFilter = { officer: "", agency: "", subject: "", purpose: "", caseRef: "", outcome: "", region: "", role: "", operationName: "", from: "", to: "" };
/** datetime-local (the officer's clock) → ISO instant. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

export function apiFilter(f: LogFilter) {
  return {
    officer: f.officer.trim() || undefined,
    agency: f.agency.trim() || undefined,
    purpose: f.purpose || undefined,
    caseRef: f.caseRef.trim() || undefined,
    outcome: f.outcome || undefined,
    region: f.region || undefined,
    role: f.role || undefined,
    operationName: f.operationName.trim() || undefined,
    from: instant(f.from),
    to: instant(f.to),
  };
}

/** The conditions subjectAccessReport has no argument for, applied to its answer here. */
function matches(entry: AccessEntry, f: ReturnType<typeof apiFilter>): boolean {
  return (
    (!f.officer || entry.officer === f.officer) &&
    (!f.agency || entry.agency === f.agency) &&
    (!f.purpose || entry.purpose === f.purpose) &&
    (!f.caseRef || entry.caseRef === f.caseRef) &&
    (!f.outcome || entry.outcome === f.outcome) &&
    (!f.region || entry.officerRegion === f.region) &&
    (!f.role || entry.roles.includes(f.role)) &&
    (!f.operationName || entry.operationName === f.operationName)
  );
}

function EntryDetail({ entry }: { entry: AccessEntry }) {
  const { t, code } = useLanguage();
  return (
    <div class="entry-detail" data-testid="entry-detail">
      <dl class="facts">
        <dt>{t("log.requestId")}</dt><dd>{entry.requestId}</dd>
        <dt>{t("log.chain")}</dt><dd>{entry.writerId} #{entry.sequence} · {entry.entryHash.slice(0, 16)}…</dd>
        <dt>{t("log.latency")}</dt><dd>{entry.latencyMs} ms</dd>
        {entry.errorCode && (<><dt>{t("log.error")}</dt><dd>{code("error", entry.errorCode)} {entry.errorDetail ?? ""}</dd></>)}
        {entry.forwardedBy && (<><dt>{t("log.forwardedBy")}</dt><dd><RegionTag region={entry.forwardedBy} /></dd></>)}
        <dt>{t("log.subjects")}</dt><dd>{entry.subjectHmacs.length === 0 ? "—" : entry.subjectHmacs.map((h) => <code key={h} class="hmac">{h.slice(0, 16)}… </code>)}</dd>
        <dt>{t("log.requested")}</dt><dd>{entry.fieldsRequested.join(", ") || "—"}</dd>
      </dl>
      {entry.fieldsDenied.length > 0 && (
        <ul class="decisions">
          {entry.fieldsDenied.map((d) => <li key={d.path}>{t("log.deniedField")}: <code>{d.path}</code> — {code("reason", d.reasonCode)} ({d.policyId})</li>)}
        </ul>
      )}
      {entry.fieldsMasked.length > 0 && (
        <ul class="decisions">
          {entry.fieldsMasked.map((d) => <li key={d.path}>{t("log.maskedField")}: <code>{d.path}</code> — {code("reason", d.reasonCode)} ({d.policyId})</li>)}
        </ul>
      )}
      {entry.peerHops.length > 0 && (
        <ul class="decisions">
          {entry.peerHops.map((h, i) => <li key={i}>{t("log.peerHop")}: <RegionTag region={h.region} /> {h.outcome} {h.peerRequestId ?? ""}</li>)}
        </ul>
      )}
    </div>
  );
}

export function EntryTable({ entries, highlight = [] }: { entries: AccessEntry[]; highlight?: string[] }) {
  const { t, code } = useLanguage();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <table class="table log" data-testid="access-log">
      <thead>
        <tr>
          <th scope="col">{t("log.time")}</th>
          <th scope="col">{t("log.node")}</th>
          <th scope="col">{t("log.officer")}</th>
          <th scope="col">{t("log.agency")}</th>
          <th scope="col">{t("log.purpose")}</th>
          <th scope="col">{t("log.caseRef")}</th>
          <th scope="col">{t("log.operation")}</th>
          <th scope="col">{t("log.outcome")}</th>
          <th scope="col">{t("log.count")}</th>
          <th scope="col">{t("log.deniedMasked")}</th>
          <th scope="col">{t("log.more")}</th>
        </tr>
      </thead>
      <tbody>
        {entries.length === 0 && <tr><td colSpan={11} class="empty">{t("list.empty")}</td></tr>}
        {entries.map((e) => (
          <Fragment key={`${e.region}-${e.id}`}>
            <tr class={highlight.includes(e.id) ? "highlight" : ""} data-testid="log-entry" data-operation={e.operationName ?? ""} data-purpose={e.purpose ?? ""} data-case-ref={e.caseRef ?? ""}>
              <td><DateTime value={e.recordedAt} /></td>
              <td><RegionTag region={e.region} /></td>
              <td>{e.officer ?? "—"}{e.officerRegion && e.officerRegion !== e.region ? ` (${code("region", e.officerRegion)})` : ""}</td>
              <td>{e.agency ?? "—"}</td>
              <td><Enum prefix="purpose" value={e.purpose} /></td>
              <td>{e.caseRef ?? "—"}</td>
              <td><code>{e.operationName ?? "—"}</code></td>
              <td><span class={`outcome-tag outcome-${e.outcome}`}><Enum prefix="outcome" value={e.outcome} /></span></td>
              <td>{e.resultCount}</td>
              <td>{e.fieldsDenied.length} / {e.fieldsMasked.length}</td>
              <td>
                <button type="button" aria-expanded={open === e.id ? "true" : "false"} onClick={() => setOpen(open === e.id ? null : e.id)}>
                  {open === e.id ? t("action.close") : t("action.open")}
                </button>
              </td>
            </tr>
            {open === e.id && (
              <tr key={`${e.id}-detail`}><td colSpan={11}><EntryDetail entry={e} /></td></tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

/**
 * 访问日志: filters, keyset paging (a stack of cursors for "previous"), and export. With a subject's
 * identity number it asks subjectAccessReport (both nodes; the number is validated, only its HMAC is
 * searched) and applies the other conditions to that answer, which has no paging of its own.
 */
export function AccessLog({ home, subjectOnly = false, drill }: { home: string; subjectOnly?: boolean; drill: { officer?: string; caseRef?: string; from: string; to: string; entryIds: string[] } | null }) {
  const { t, code } = useLanguage();
  const [filter, setFilter] = useState<LogFilter>(EMPTY);
  const [subjectError, setSubjectError] = useState<string | null>(null);
  const pages = useKeysetPages();
  const [exporting, setExporting] = useState<string | null>(null);
  const [exportErrors, setExportErrors] = useState<GraphqlError[]>([]);
  const log = useCall<{ accessLog: { pageInfo: { endCursor: string | null; hasNextPage: boolean }; edges: Array<{ node: AccessEntry }> } }>();
  const subject = useCall<{ subjectAccessReport: AccessEntry[] }>();
  const set = (change: Partial<LogFilter>) => setFilter({ ...filter, ...change });

  const load = (f: LogFilter, after: string | null) => void log.run(() => graphql(LOG, { filter: apiFilter(f), first: PAGE, after }));
  const search = (f: LogFilter = filter) => {
    if (f.subject.trim() || subjectOnly) {
      const checked = parseIdentityNumber(f.subject);
      if (!checked.ok) return setSubjectError(t(`identity.${checked.problem.replace(" ", "_")}` as "identity.length"));
      setSubjectError(null);
      log.reset();
      void subject.run(() => graphql(SUBJECT, { idNumber: checked.value, from: instant(f.from), to: instant(f.to) }));
      return;
    }
    setSubjectError(null);
    subject.reset();
    pages.restart();
    load(f, null);
  };
  useEffect(() => {
    if (subjectOnly) return;
    if (drill) {
      const toLocal = (iso: string) => {
        const d = new Date(iso);
        return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
      };
      // The period is widened by a minute each way: datetime-local holds minutes only.
      const f = { ...EMPTY, officer: drill.officer ?? "", caseRef: drill.caseRef ?? "", from: toLocal(new Date(new Date(drill.from).getTime() - 60000).toISOString()), to: toLocal(new Date(new Date(drill.to).getTime() + 60000).toISOString()) };
      setFilter(f);
      search(f);
    } else search(EMPTY);
  }, [drill]);

  const page = log.result?.accessLog;
  const applied = apiFilter(filter);
  const entries = subject.result ? subject.result.subjectAccessReport.filter((e) => matches(e, applied)) : page?.edges.map((e) => e.node) ?? [];
  const exportAs = async (kind: "csv" | "jsonl") => {
    setExporting(kind);
    setExportErrors([]);
    try {
      if (subject.result) await (kind === "csv" ? downloadCsv : downloadJsonl)(async () => ({ entries, next: null }));
      else {
        const walk = async (after: string | null) => {
          // Pages of the list's own size: a larger page of full entries exceeds the node's cost limit.
          const answer = await graphql<{ accessLog: { pageInfo: { endCursor: string | null; hasNextPage: boolean }; edges: Array<{ node: AccessEntry }> } }>(LOG, { filter: applied, first: PAGE, after });
          const connection = answer.data!.accessLog;
          return { entries: connection.edges.map((e) => e.node), next: connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null };
        };
        await (kind === "csv" ? downloadCsv : downloadJsonl)(walk);
      }
    } catch (error) {
      setExportErrors(error instanceof GraphqlFailure ? error.errors : [{ message: String(error), extensions: { code: "INTERNAL_SERVER_ERROR" } }]);
    } finally {
      setExporting(null);
    }
  };

  const anyOption = { value: "", label: t("filter.any") };
  return (
    <div class="access-log">
      <Form label={subjectOnly ? t("compliance.tab.subject") : t("log.filterTitle")} onSubmit={() => search()} id={subjectOnly ? "subject-form" : "log-filter"}>
        <TextField id={subjectOnly ? "subject-id-number" : "log-subject"} label={t("log.subject")} value={filter.subject} onInput={(v) => set({ subject: v })} error={subjectError} hint={t("log.subjectHint")} required={subjectOnly} maxLength={18} />
        {!subjectOnly && (
          <>
            <TextField id="log-officer" label={t("log.officer")} value={filter.officer} onInput={(v) => set({ officer: v })} />
            <TextField id="log-agency" label={t("log.agency")} value={filter.agency} onInput={(v) => set({ agency: v })} />
            <SelectField id="log-purpose" label={t("log.purpose")} value={filter.purpose} onChange={(v) => set({ purpose: v })} options={[anyOption, ...SCHEMA_FACTS.purposes.map((p) => ({ value: p, label: code("purpose", p) }))]} />
            <TextField id="log-case" label={t("log.caseRef")} value={filter.caseRef} onInput={(v) => set({ caseRef: v })} />
            <SelectField id="log-outcome" label={t("log.outcome")} value={filter.outcome} onChange={(v) => set({ outcome: v })} options={[anyOption, ...OUTCOMES.map((o) => ({ value: o, label: code("outcome", o) }))]} />
            <SelectField id="log-region" label={t("log.officerRegion")} value={filter.region} onChange={(v) => set({ region: v })} options={[anyOption, ...REGIONS.map((r) => ({ value: r, label: code("region", r) }))]} />
            <SelectField id="log-role" label={t("log.role")} value={filter.role} onChange={(v) => set({ role: v })} options={[anyOption, ...ROLES.map((r) => ({ value: r, label: code("role", r) }))]} />
            <TextField id="log-operation" label={t("log.operation")} value={filter.operationName} onInput={(v) => set({ operationName: v })} />
          </>
        )}
        <TextField id={subjectOnly ? "subject-from" : "log-from"} label={t("log.from")} type="datetime-local" value={filter.from} onInput={(v) => set({ from: v })} />
        <TextField id={subjectOnly ? "subject-to" : "log-to"} label={t("log.to")} type="datetime-local" value={filter.to} onInput={(v) => set({ to: v })} />
        <div class="actions">
          <button type="submit" class="primary" disabled={log.loading || subject.loading}>{t("action.search")}</button>
          <button type="button" onClick={() => { setFilter(EMPTY); if (!subjectOnly) search(EMPTY); }}>{t("action.clear")}</button>
        </div>
      </Form>
      <ErrorList errors={otherErrors([...log.errors, ...subject.errors])} />
      <div class="actions export">
        <button type="button" onClick={() => void exportAs("csv")} disabled={exporting !== null || (!page && !subject.result)}>{t("log.exportCsv")}</button>
        <button type="button" onClick={() => void exportAs("jsonl")} disabled={exporting !== null || (!page && !subject.result)}>{t("log.exportJsonl")}</button>
        <span class="muted">{exporting ? t("log.exporting") : t("log.exportHint")}</span>
      </div>
      <ErrorList errors={exportErrors} />
      {subject.result && <p>{t("log.subjectFound", { count: entries.length })}</p>}
      {(page || subject.result) && <EntryTable entries={entries} highlight={drill?.entryIds} />}
      {page && !subject.result && (
        <Pager pages={pages} pageInfo={page.pageInfo} onLoad={(after) => load(filter, after)} />
      )}
      <p class="muted">{t("log.home", { region: code("region", home) })}</p>
    </div>
  );
}
