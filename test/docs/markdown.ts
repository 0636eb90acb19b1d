/**
 * Just enough Markdown reading for the docs checks: sections by heading, pipe tables, code spans,
 * fenced blocks, links and GitHub's heading anchors. Code blocks are skipped wherever a `#` or a
 * `[x](y)` inside them would be misread.
 */

/** One line of a document, and whether it sits inside a fenced code block (fences included). */
interface Line {
  readonly text: string;
  readonly inCode: boolean;
}

/** A pipe table: its header cells and its rows of cells, as written (code spans kept). */
interface Table {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** A fenced code block: its info string (`ts`, `sh`, ...) and its content, ending with a newline. */
interface CodeBlock {
  readonly lang: string;
  readonly content: string;
}

const FENCE = /^\s*```/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;

function linesOf(markdown: string): Line[] {
  let inCode = false;
  return markdown.split('\n').map((text) => {
    if (FENCE.test(text)) {
      inCode = !inCode;
      return { text, inCode: true };
    }
    return { text, inCode };
  });
}

/** Every heading outside code: its level and its text. */
function headingsOf(markdown: string): { level: number; text: string }[] {
  return linesOf(markdown).flatMap(({ text, inCode }) => {
    const match = inCode ? null : HEADING.exec(text);
    return match === null ? [] : [{ level: (match[1] as string).length, text: match[2] as string }];
  });
}

/**
 * The text under the heading whose text is `title`, up to the next heading of the same or a
 * higher level.
 *
 * @throws Error naming the document and the heading when there is no such heading
 */
function sectionOf(markdown: string, title: string, documentName: string): string {
  const lines = linesOf(markdown);
  const start = lines.findIndex(({ text, inCode }) => !inCode && HEADING.exec(text)?.[2] === title);
  if (start === -1) throw new Error(`${documentName} has no heading "${title}"`);
  const level = HEADING.exec(lines[start]?.text ?? '')?.[1]?.length ?? 1;
  const end = lines.findIndex(({ text, inCode }, i) => {
    const match = inCode || i <= start ? null : HEADING.exec(text);
    return match !== null && (match[1] as string).length <= level;
  });
  return lines
    .slice(start + 1, end === -1 ? undefined : end)
    .map(({ text }) => text)
    .join('\n');
}

/** Splits a table line into its cells; `\|` is a literal bar inside a cell. */
function cellsOf(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replaceAll('\\|', '|'));
}

/**
 * The first pipe table in `markdown`.
 *
 * @throws Error naming `where` when there is none
 */
function firstTable(markdown: string, where: string): Table {
  const lines = linesOf(markdown).filter(({ inCode }) => !inCode);
  const start = lines.findIndex(({ text }, i) => text.trim().startsWith('|') && /^\s*\|[\s:|-]+\|\s*$/.test(lines[i + 1]?.text ?? ''));
  if (start === -1) throw new Error(`${where} has no table`);
  const rows: string[][] = [];
  for (const { text } of lines.slice(start + 2)) {
    if (!text.trim().startsWith('|')) break;
    rows.push(cellsOf(text));
  }
  return { header: cellsOf(lines[start]?.text as string), rows };
}

/** The contents of the code spans in a piece of Markdown: "`a` and `b`" gives a, b. */
function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string);
}

/** The document without its fenced code blocks, so that their backticks pair with nothing. */
function proseOf(markdown: string): string {
  return linesOf(markdown)
    .filter(({ inCode }) => !inCode)
    .map(({ text }) => text)
    .join('\n');
}

/** Every fenced code block. */
function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let current: { lang: string; lines: string[] } | undefined;
  for (const text of markdown.split('\n')) {
    if (FENCE.test(text)) {
      if (current === undefined) current = { lang: text.trim().slice(3).trim(), lines: [] };
      else {
        blocks.push({ lang: current.lang, content: `${current.lines.join('\n')}\n` });
        current = undefined;
      }
    } else current?.lines.push(text);
  }
  return blocks;
}

/** The targets of the inline links `[text](target)` outside code blocks and code spans. */
function linkTargets(markdown: string): string[] {
  return linesOf(markdown)
    .filter(({ inCode }) => !inCode)
    .flatMap(({ text }) => [...text.replace(/`[^`]*`/g, '').matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1] as string));
}

/**
 * The anchors GitHub gives a document's headings: the heading's text (link text and code kept,
 * their markup dropped), lower-cased, punctuation removed, each space a `-`; a repeated anchor
 * gets `-1`, `-2`, ...
 */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const { text } of headingsOf(markdown)) {
    const base = text
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[`*]/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

export type { CodeBlock, Table };
export { anchorsOf, codeBlocks, codeSpans, firstTable, headingsOf, linkTargets, proseOf, sectionOf };
