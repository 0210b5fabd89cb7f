export interface Tab {
  id: string;
  label: string;
}

/** Tabs as buttons: reachable with Tab, chosen with Enter or Space. */
export function Tabs({ label, tabs, current, onSelect }: { label: string; tabs: Tab[]; current: string; onSelect: (id: string) => void }) {
  return (
    <div class="tabs" role="tablist" aria-label={label}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={tab.id === current ? "true" : "false"}
          class={tab.id === current ? "tab tab-current" : "tab"}
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
