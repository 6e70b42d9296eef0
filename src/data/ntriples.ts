import { DataFormatError } from '../errors.js';

/** One RDF term of an N-Triples file: an IRI, a blank node or a literal (lexical value after unescaping). */
export type RdfTerm =
  | { kind: 'iri'; value: string }
  | { kind: 'blank'; value: string }
  | { kind: 'literal'; value: string; lang?: string; datatype?: string };

/** One N-Triples statement: subject, predicate, object. */
export type Triple = readonly [RdfTerm, RdfTerm, RdfTerm];

/** The term as N-Triples writes it (a key that tells every distinct term apart). */
export function termKey(t: RdfTerm): string {
  if (t.kind === 'iri') return `<${t.value}>`;
  if (t.kind === 'blank') return `_:${t.value}`;
  return JSON.stringify(t.value) + (t.lang !== undefined ? `@${t.lang}` : t.datatype !== undefined ? `^^<${t.datatype}>` : '');
}

const ESCAPES: Record<string, string> = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', "'": "'", '\\': '\\' };

/** A cursor over one line; errors name the file, the line and the column. */
class LineReader {
  pos = 0;
  constructor(readonly line: string, readonly where: string) {}

  fail(what: string): never {
    throw new DataFormatError(`${this.where}, column ${this.pos + 1}: ${what}`);
  }

  skipSpace(): void {
    while (this.pos < this.line.length && (this.line[this.pos] === ' ' || this.line[this.pos] === '\t')) this.pos++;
  }

  /** Reads up to (not including) the closing character, decoding \uXXXX, \UXXXXXXXX and (in strings) ECHAR escapes. */
  readEscaped(close: string, echar: boolean): string {
    const s = this.line;
    const parts: string[] = [];
    // Copy runs between escapes as slices: building strings a character at a time is slow in V8.
    for (;;) {
      const end = s.indexOf(close, this.pos);
      const esc = s.indexOf('\\', this.pos);
      if (end < 0) this.fail(`unterminated ${close === '>' ? 'IRI' : 'string'}`);
      if (esc < 0 || esc > end) {
        parts.push(s.slice(this.pos, end));
        this.pos = end + 1;
        return parts.length === 1 ? parts[0] : parts.join('');
      }
      parts.push(s.slice(this.pos, esc));
      this.pos = esc;
      const e = s[this.pos + 1];
      if (e === 'u' || e === 'U') {
        const n = e === 'u' ? 4 : 8, hex = s.slice(this.pos + 2, this.pos + 2 + n);
        if (hex.length !== n || !/^[0-9A-Fa-f]+$/.test(hex)) this.fail(`bad \\${e} escape`);
        parts.push(String.fromCodePoint(parseInt(hex, 16)));
        this.pos += 2 + n;
      } else if (echar && e !== undefined && e in ESCAPES) {
        parts.push(ESCAPES[e]);
        this.pos += 2;
      } else this.fail(`bad escape \\${e ?? ''}`);
    }
  }

  term(position: 'subject' | 'predicate' | 'object'): RdfTerm {
    this.skipSpace();
    const s = this.line, c = s[this.pos];
    if (c === '<') {
      this.pos++;
      return { kind: 'iri', value: this.readEscaped('>', false) };
    }
    if (c === '_' && s[this.pos + 1] === ':' && position !== 'predicate') {
      const start = this.pos + 2;
      this.pos = start;
      while (this.pos < s.length && !/[\s]/.test(s[this.pos]) && !(s[this.pos] === '.' && /[\s]/.test(s[this.pos + 1] ?? ' '))) this.pos++;
      if (this.pos === start) this.fail('empty blank node label');
      return { kind: 'blank', value: s.slice(start, this.pos) };
    }
    if (c === '"' && position === 'object') {
      this.pos++;
      const value = this.readEscaped('"', true);
      if (s[this.pos] === '@') {
        const m = /^@[a-zA-Z]+(-[a-zA-Z0-9]+)*/.exec(s.slice(this.pos));
        if (m === null) this.fail('bad language tag');
        this.pos += m[0].length;
        return { kind: 'literal', value, lang: m[0].slice(1) };
      }
      if (s.startsWith('^^<', this.pos)) {
        this.pos += 3;
        return { kind: 'literal', value, datatype: this.readEscaped('>', false) };
      }
      return { kind: 'literal', value };
    }
    return this.fail(`expected the ${position} (an IRI${position === 'predicate' ? '' : position === 'subject' ? ' or blank node' : ', blank node or literal'})`);
  }
}

/**
 * Parses N-Triples text (W3C RDF 1.1 N-Triples: one `subject predicate object .` per line; blank
 * lines and # comments skipped). Errors are DataFormatErrors naming `source`, line and column.
 */
export function parseNTriples(text: string, source = 'N-Triples'): Triple[] {
  const out: Triple[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    const r = new LineReader(line, `${source}: line ${i + 1}`);
    r.skipSpace();
    if (r.pos === line.length || line[r.pos] === '#') continue;
    const triple: Triple = [r.term('subject'), r.term('predicate'), r.term('object')];
    r.skipSpace();
    if (line[r.pos] !== '.') r.fail("expected '.' after the object");
    r.pos++;
    r.skipSpace();
    if (r.pos < line.length && line[r.pos] !== '#') r.fail('unexpected text after the triple');
    out.push(triple);
  }
  return out;
}
