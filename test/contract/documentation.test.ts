// The README is the front door: small enough to read, and every link in it and in docs/ leads
// somewhere. Links are checked against the files in this checkout, anchors against the headings
// of the Markdown file they point into.
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const README_MAX_BYTES = 12 * 1024;

/**
 * Files another branch of the same issue brings (docs/operations.md comes with the operations
 * work). A link to one is accepted while the file is absent; once it exists it is checked like any
 * other. Remove an entry when its branch has landed.
 */
const PENDING_FILES = new Set<string>([]);

function markdownFiles(): string[] {
  const docs = path.join(ROOT, "docs");
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(full);
      return entry.name.endsWith(".md") ? [full] : [];
    });
  return [path.join(ROOT, "README.md"), ...walk(docs), path.join(ROOT, "bench/results/HISTORY.md")];
}

/** Markdown outside code: fenced blocks and inline code spans can show link syntax without being links. */
function proseOf(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
}

/** Inline links `[text](target)`, images included; reference-style links are not used here. */
function linksOf(markdown: string): string[] {
  return [...proseOf(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

/**
 * GitHub's heading anchors: lower case, punctuation dropped (hyphens and underscores kept), spaces
 * to hyphens. Written out because it is three rules and no dependency is needed for it.
 */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const line of markdown.replace(/^```[\s\S]*?^```/gm, "").split("\n")) {
    const heading = line.match(/^#{1,6}\s+(.*)$/);
    if (!heading) continue;
    const slug = heading[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    anchors.add(slug);
  }
  return anchors;
}

function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const link of linksOf(fs.readFileSync(file, "utf8"))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto: …
    const [target, anchor] = link.split("#", 2);
    const resolved = target === "" ? file : path.resolve(path.dirname(file), decodeURIComponent(target));
    const relative = path.relative(ROOT, resolved);
    if (!fs.existsSync(resolved)) {
      if (!PENDING_FILES.has(relative)) broken.push(`${link} (no file ${relative})`);
      continue;
    }
    if (anchor && resolved.endsWith(".md") && !anchorsOf(fs.readFileSync(resolved, "utf8")).has(anchor)) {
      broken.push(`${link} (no heading #${anchor} in ${relative})`);
    }
  }
  return broken;
}

describe("documentation", () => {
  it("keeps the README under 12 KB", () => {
    expect(fs.statSync(path.join(ROOT, "README.md")).size).toBeLessThan(README_MAX_BYTES);
  });

  it.each(markdownFiles().map((file) => [path.relative(ROOT, file), file]))("every relative link in %s resolves", (_name, file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  it("shows the same first query and token command that `npm start` prints", () => {
    const startDev = fs.readFileSync(path.join(ROOT, "scripts/start-dev.ts"), "utf8");
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const printedQuery = startDev.match(/query: "(\{ me [^"]+)"/)?.[1];
    expect(printedQuery).toBeDefined();
    expect(readme).toContain(JSON.stringify({ query: printedQuery }));
    const tokenCommand = "npm run -s token -- --role verification_officer --region CHONGQING";
    expect(startDev).toContain(tokenCommand);
    expect(readme).toContain(tokenCommand);
    expect(readme).toContain("-H 'X-Purpose: MLG_REVIEW' -H 'X-Case-Ref: DEMO-2025-0001'");
    expect(startDev).toContain("-H 'X-Purpose: MLG_REVIEW' -H 'X-Case-Ref: DEMO-2025-0001'");
  });

  it("finds a broken link and a missing anchor when there is one", () => {
    // The checker itself must be able to fail.
    const scratch = path.join(ROOT, "docs", `.link-check-${process.pid}.md`);
    fs.writeFileSync(scratch, "# Here\n\n[ok](#here) [gone](no-such-file.md) [anchor](api.md#no-such-heading) `[code](x.md)`\n");
    try {
      expect(brokenLinks(scratch)).toEqual(["no-such-file.md (no file docs/no-such-file.md)", "api.md#no-such-heading (no heading #no-such-heading in docs/api.md)"]);
    } finally {
      fs.rmSync(scratch);
    }
  });

  it("links every file in docs/ from the README or another document", () => {
    const linked = new Set<string>();
    for (const file of markdownFiles()) {
      for (const link of linksOf(fs.readFileSync(file, "utf8"))) {
        const target = link.split("#")[0];
        if (target && !/^[a-z][a-z0-9+.-]*:/i.test(target)) linked.add(path.relative(ROOT, path.resolve(path.dirname(file), target)));
      }
    }
    const orphans = markdownFiles()
      .map((file) => path.relative(ROOT, file))
      .filter((name) => name !== "README.md" && !linked.has(name));
    expect(orphans).toEqual([]);
  });
});
