import fc from 'fast-check';
import t from 'tap';
import { humanBytes } from '../../src/cli/format/bytes.js';
import { formatLiveTableEvent } from '../../src/cli/format/event-line.js';
import { jsonLine } from '../../src/cli/format/json.js';
import { usePercent } from '../../src/cli/format/mounts.js';
import { formatTable } from '../../src/cli/format/table.js';
import { formatRealtimeNs } from '../../src/cli/format/time.js';
import { makeMount } from '../helpers/model-namespace.js';

t.test('nanosecond realtime stamps keep all nine digits', async (t) => {
  t.equal(formatRealtimeNs(0n), '1970-01-01 00:00:00.000000000');
  t.equal(formatRealtimeNs(1_764_072_000_000_000_001n), '2025-11-25 12:00:00.000000001');
});

t.test('humanBytes rounds up like df -h', async (t) => {
  t.equal(humanBytes(0n), '0B');
  t.equal(humanBytes(1023n), '1023B');
  t.equal(humanBytes(1024n), '1.0K');
  t.equal(humanBytes(1536n), '1.5K');
  t.equal(humanBytes(10n * 1024n * 1024n + 1n), '11M');
  t.equal(humanBytes(5n * 1024n ** 4n), '5.0T');
});

t.test('use% is used / (used + avail), rounded up; "-" for an empty file system', async (t) => {
  const u = { type: 0n, bsize: 1n, frsize: 1n, files: 0n, ffree: 0n, namelen: 0n, flags: 0n };
  t.equal(usePercent({ ...u, blocks: 100n, bfree: 50n, bavail: 40n }), '56%');
  t.equal(usePercent({ ...u, blocks: 0n, bfree: 0n, bavail: 0n }), '-');
});

t.test('jsonLine writes 64-bit values as exact decimal strings', async (t) => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (n) => {
      t.equal(BigInt(JSON.parse(jsonLine({ n })).n), n);
    }),
  );
});

t.test('property: formatTable aligns every column', async (t) => {
  const cell = fc.stringMatching(/^[a-z0-9/.,:-]{1,12}$/);
  fc.assert(
    fc.property(fc.array(fc.tuple(cell, cell, cell), { maxLength: 20 }), (rows) => {
      const text = formatTable(
        [
          { header: 'A', cell: (r: [string, string, string]) => r[0], align: 'right' },
          { header: 'B', cell: (r) => r[1] },
          { header: 'C', cell: (r) => r[2] },
        ],
        rows,
      );
      const lines = text.split('\n');
      const bStart = lines[0]!.indexOf('B');
      const cStart = lines[0]!.indexOf('C');
      rows.forEach((r, i) => {
        const line = lines[i + 1]!;
        t.equal(line.slice(0, bStart - 2).trimStart(), r[0]);
        t.equal(line.slice(bStart, cStart).trimEnd(), r[1]);
        t.equal(line.slice(cStart), r[2]);
      });
    }),
    { numRuns: 50 },
  );
});

t.test('live-table stream lines name changes and resyncs', async (t) => {
  const m = makeMount(5, 1, '/mnt/x');
  t.equal(
    formatLiveTableEvent({ type: 'change', change: { seq: 9n, action: 'mount', mount: m } }),
    'MOUNT   #5  /mnt/x  tmpfs tmpfs  rw,relatime  seq 9',
  );
  t.equal(
    formatLiveTableEvent({
      type: 'resync',
      reason: 'lost-events',
      method: 'dump',
      fromSeq: 3n,
      diff: { added: [m], removed: [], changed: [] },
    }),
    'RESYNC  after lost-events at seq 3, by dump: +1 -0 ~0',
  );
});
