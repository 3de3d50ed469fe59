/**
 * A strict reader for the YAML subset the card's front matter uses (block mappings and
 * sequences, double-quoted strings, numbers, booleans, null, [] and {}), written for the tests
 * without looking at the writer: anything outside the subset throws, so the front matter is
 * checked to be well-formed YAML of the expected shape.
 */
type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

interface Line {
  indent: number;
  text: string;
  n: number;
}

function scalar(text: string, n: number): Value {
  if (text.startsWith('"')) return JSON.parse(text) as string;
  if (text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === '[]') return [];
  if (text === '{}') return {};
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return Number(text);
  throw new Error(`line ${n}: not a scalar of the subset: ${text}`);
}

function key(text: string, n: number): [string, string] {
  const m = /^("(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?$/.exec(text);
  if (!m) throw new Error(`line ${n}: not a mapping entry: ${text}`);
  return [m[1]!.startsWith('"') ? (JSON.parse(m[1]!) as string) : m[1]!, m[2] ?? ''];
}

function block(lines: Line[], at: { i: number }, indent: number): Value {
  const first = lines[at.i]!;
  if (first.indent !== indent) throw new Error(`line ${first.n}: expected indent ${indent}`);
  if (first.text.startsWith('- ')) {
    const out: Value[] = [];
    while (at.i < lines.length && lines[at.i]!.indent === indent && lines[at.i]!.text.startsWith('- ')) {
      const line = lines[at.i]!;
      const rest = line.text.slice(2);
      if (/^("(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_-]*):( |$)/.test(rest)) {
        // A mapping starting on the dash line: re-read it as a mapping at indent + 2.
        lines[at.i] = { indent: indent + 2, text: rest, n: line.n };
        out.push(block(lines, at, indent + 2));
      } else {
        out.push(scalar(rest, line.n));
        at.i++;
      }
    }
    return out;
  }
  const out: { [key: string]: Value } = {};
  while (at.i < lines.length && lines[at.i]!.indent === indent) {
    const line = lines[at.i]!;
    const [k, rest] = key(line.text, line.n);
    if (k in out) throw new Error(`line ${line.n}: duplicate key ${k}`);
    at.i++;
    if (rest !== '') out[k] = scalar(rest, line.n);
    else {
      const next = lines[at.i];
      if (!next || next.indent <= indent) throw new Error(`line ${line.n}: ${k} has no value`);
      out[k] = block(lines, at, next.indent);
    }
  }
  if (at.i < lines.length && lines[at.i]!.indent > indent) throw new Error(`line ${lines[at.i]!.n}: unexpected indent`);
  return out;
}

export function parseYamlSubset(text: string): Value {
  const lines: Line[] = text
    .split('\n')
    .map((raw, i) => ({ raw, n: i + 1 }))
    .filter(({ raw }) => raw.trim() !== '')
    .map(({ raw, n }) => {
      if (raw.includes('\t')) throw new Error(`line ${n}: tab`);
      const indent = raw.length - raw.trimStart().length;
      return { indent, text: raw.trimStart(), n };
    });
  const at = { i: 0 };
  const v = block(lines, at, 0);
  if (at.i !== lines.length) throw new Error(`line ${lines[at.i]!.n}: trailing content`);
  return v;
}

/** The front matter of a Markdown document: the text between the leading --- lines. */
export function frontMatterOf(doc: string): string {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(doc);
  if (!m) throw new Error('no front matter');
  return m[1]!;
}
