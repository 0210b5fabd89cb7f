import { useState } from "preact/hooks";
import { useLanguage } from "../i18n";

export interface PageInfo {
  endCursor: string | null;
  hasNextPage: boolean;
}

/**
 * Keyset paging: the API pages forward only (`after` a cursor), so "previous" is the cursor
 * stack of the pages already seen. The last entry is the cursor the current page was read after.
 */
export function useKeysetPages() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return { cursors, setCursors, current: cursors[cursors.length - 1], restart: () => setCursors([null]) };
}

export function Pager({ pages, pageInfo, onLoad }: { pages: ReturnType<typeof useKeysetPages>; pageInfo: PageInfo; onLoad: (after: string | null) => void }) {
  const { t } = useLanguage();
  const { cursors, setCursors } = pages;
  return (
    <nav class="pager" aria-label={t("list.paging")}>
      <button
        type="button"
        disabled={cursors.length <= 1}
        onClick={() => {
          const previous = cursors.slice(0, -1);
          setCursors(previous);
          onLoad(previous[previous.length - 1]);
        }}
      >
        {t("list.previous")}
      </button>
      <span>{t("list.page", { page: cursors.length })}</span>
      <button
        type="button"
        data-testid="next-page"
        disabled={!pageInfo.hasNextPage}
        onClick={() => {
          setCursors([...cursors, pageInfo.endCursor]);
          onLoad(pageInfo.endCursor);
        }}
      >
        {t("list.next")}
      </button>
    </nav>
  );
}
