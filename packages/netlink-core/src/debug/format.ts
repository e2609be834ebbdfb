import { type AttrNode, decodeAttrs } from '../codec/attr-tree.js';
import { NLMSG_HDRLEN, NlMsgType } from '../codec/constants.js';
import { errnoName } from '../codec/errno.js';
import { NetlinkDecodeError } from '../codec/errors.js';
import { decodeDonePayload, decodeErrorPayload, type ExtAck } from '../codec/extack.js';
import { flagContextOf, flagNames } from '../codec/flag-names.js';
import { type NetlinkMessage, parseMessages } from '../codec/message.js';

const TYPE_NAMES: Record<number, string> = {
  [NlMsgType.NOOP]: 'NOOP',
  [NlMsgType.ERROR]: 'ERROR',
  [NlMsgType.DONE]: 'DONE',
  [NlMsgType.OVERRUN]: 'OVERRUN',
};

/** Family header sizes worth trying when no schema is known: none, genl (4), rtnetlink. */
const HEADER_GUESSES = [0, 4, 8, 12, 16, 20, 24];

/** A readable multi-line rendering of one message: header, flag names, attribute tree. */
export function formatMessage(m: NetlinkMessage, indent = ''): string {
  const type = TYPE_NAMES[m.type] ?? String(m.type);
  const flags = flagNames(m.flags, flagContextOf(m.type, m.flags)).join('|') || '0';
  const lines = [
    `${indent}nlmsg type=${type} len=${m.payload.length + NLMSG_HDRLEN} flags=${flags} seq=${m.seq} pid=${m.pid}`,
  ];
  const inner = `${indent}  `;
  try {
    if (m.type === NlMsgType.ERROR) {
      const e = decodeErrorPayload(m);
      const what = e.error === 0 ? 'ack' : `error=${errnoName(e.error)} (${e.error})`;
      lines.push(`${inner}${what} for type=${e.request.type} seq=${e.request.seq}`);
      lines.push(...formatExtAck(e.extAck, inner));
    } else if (m.type === NlMsgType.DONE) {
      const d = decodeDonePayload(m);
      lines.push(`${inner}status=${d.error === 0 ? 0 : `${errnoName(d.error)} (${d.error})`}`);
      lines.push(...formatExtAck(d.extAck, inner));
    } else if (m.payload.length > 0) {
      lines.push(...formatPayload(m.payload, inner));
    }
  } catch (e) {
    if (!(e instanceof NetlinkDecodeError)) throw e;
    lines.push(`${inner}malformed: ${e.message}`, `${inner}bytes: ${m.payload.toString('hex')}`);
  }
  return lines.join('\n');
}

/** Every message of a datagram; undecodable datagrams are shown as hex. */
export function formatDatagram(data: Uint8Array, title: string): string {
  try {
    const msgs = parseMessages(data);
    return [title, ...msgs.map((m) => formatMessage(m, '  '))].join('\n');
  } catch (e) {
    if (!(e instanceof NetlinkDecodeError)) throw e;
    return `${title}\n  malformed datagram: ${e.message}\n  ${Buffer.from(data).toString('hex')}`;
  }
}

function formatExtAck(x: ExtAck, indent: string): string[] {
  const out: string[] = [];
  if (x.message !== undefined) out.push(`${indent}msg: ${JSON.stringify(x.message)}`);
  if (x.offset !== undefined) out.push(`${indent}offset: ${x.offset}`);
  if (x.cookie !== undefined) out.push(`${indent}cookie: ${x.cookie.toString('hex')}`);
  if (x.missingType !== undefined) out.push(`${indent}missing type: ${x.missingType}`);
  if (x.missingNest !== undefined) out.push(`${indent}missing in nest at: ${x.missingNest}`);
  if (x.policy !== undefined) out.push(`${indent}policy:`, ...formatAttrs(x.policy, `${indent}  `));
  return out;
}

/** Without a schema, guess the family header length as the first that parses cleanly. */
function formatPayload(p: Buffer, indent: string): string[] {
  for (const hdr of HEADER_GUESSES) {
    if (hdr > p.length) break;
    let attrs: AttrNode[];
    try {
      attrs = decodeAttrs(p, hdr);
    } catch {
      continue;
    }
    const out: string[] = [];
    if (hdr > 0) out.push(`${indent}header: ${p.subarray(0, hdr).toString('hex')}`);
    return [...out, ...formatAttrs(attrs, indent)];
  }
  return [`${indent}payload: ${p.toString('hex')}`];
}

function formatAttrs(nodes: AttrNode[], indent: string): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    if ('nested' in n) {
      out.push(`${indent}[${n.type}] nested:`, ...formatAttrs(n.nested, `${indent}  `));
    } else {
      out.push(`${indent}[${n.type}]${n.netByteOrder ? ' be' : ''} ${describe(n.data)}`);
    }
  }
  return out;
}

/** Show a leaf as hex plus the readings a human would try: integer or text. */
function describe(v: Uint8Array): string {
  const b = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  const hex = b.length > 64 ? `${b.subarray(0, 64).toString('hex')}...` : b.toString('hex');
  const hints: string[] = [];
  if (b.length === 1) hints.push(`u8 ${b[0]}`);
  if (b.length === 2) hints.push(`u16 ${b.readUInt16LE(0)}`);
  if (b.length === 4) hints.push(`u32 ${b.readUInt32LE(0)}`);
  if (b.length === 8) hints.push(`u64 ${b.readBigUInt64LE(0)}`);
  const text = b.length > 0 && b[b.length - 1] === 0 ? b.subarray(0, -1) : b;
  if (text.length > 1 && /^[\x20-\x7e]+$/.test(text.toString('latin1'))) {
    hints.push(JSON.stringify(text.toString('latin1')));
  }
  return `len=${b.length} ${hex || '(empty)'}${hints.length ? `  (${hints.join(', ')})` : ''}`;
}
