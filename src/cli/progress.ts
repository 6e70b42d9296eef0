import cliProgress from 'cli-progress';

/** What a training loop reports after each epoch. */
export interface EpochReport {
  epoch: number;
  loss: number;
  /** Accuracy on the validation nodes (node tasks) or the held-out fold (graph tasks). */
  valAcc: number;
}

/** One bar (or a run of plain lines) per training run. */
export interface Progress {
  start(label: string, totalEpochs: number): void;
  update(r: EpochReport): void;
  /** Ends the run; `note` (e.g. the test accuracy) is printed after it. */
  stop(note: string): void;
}

export interface ProgressOptions {
  /** Where the bar goes (default process.stderr, so that --json keeps stdout to one line). */
  stream?: NodeJS.WriteStream;
  /** Force plain lines (true) or a bar (false); default: a bar exactly when the stream is a TTY. */
  plain?: boolean;
  /** Print nothing at all. */
  silent?: boolean;
}

/**
 * A cli-progress bar on a terminal; on a pipe or file, a plain line every tenth of the epochs
 * and at the end, so logs stay short and readable.
 */
export function createProgress(opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.silent) return { start() {}, update() {}, stop() {} };
  const plain = opts.plain ?? !stream.isTTY;
  return plain ? plainProgress(stream) : barProgress(stream);
}

const fmt = (x: number, d: number): string => (Number.isFinite(x) ? x.toFixed(d) : '-');

function plainProgress(stream: NodeJS.WritableStream): Progress {
  let label = '', total = 0, every = 1, last: EpochReport | null = null, printed = -1;
  const line = (r: EpochReport): void => {
    stream.write(`${label} epoch ${String(r.epoch + 1).padStart(String(total).length)}/${total}  loss ${fmt(r.loss, 4)}  val acc ${fmt(r.valAcc, 4)}\n`);
    printed = r.epoch;
  };
  return {
    start(l, t) { label = l; total = t; every = Math.max(1, Math.round(t / 10)); last = null; printed = -1; },
    update(r) {
      last = r;
      if ((r.epoch + 1) % every === 0 || r.epoch === 0) line(r);
    },
    stop(note) {
      if (last !== null && printed !== last.epoch) line(last);
      stream.write(`${label} ${note}\n`);
    },
  };
}

function barProgress(stream: NodeJS.WriteStream): Progress {
  let bar: cliProgress.SingleBar | null = null;
  let label = '';
  return {
    start(l, total) {
      label = l;
      bar = new cliProgress.SingleBar({
        stream,
        format: `${l} [{bar}] {value}/{total} | loss {loss} | val acc {valAcc}`,
        hideCursor: true,
        clearOnComplete: false,
        barsize: 24,
      }, cliProgress.Presets.shades_classic);
      bar.start(total, 0, { loss: '-', valAcc: '-' });
    },
    update(r) {
      bar?.update(r.epoch + 1, { loss: fmt(r.loss, 4), valAcc: fmt(r.valAcc, 4) });
    },
    stop(note) {
      bar?.stop();
      bar = null;
      stream.write(`${label} ${note}\n`);
    },
  };
}
