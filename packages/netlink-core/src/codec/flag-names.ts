import { NlMsgType, NlmF } from './constants.js';

const COMMON_FLAGS: ReadonlyArray<[number, string]> = [
  [NlmF.REQUEST, 'REQUEST'],
  [NlmF.MULTI, 'MULTI'],
  [NlmF.ACK, 'ACK'],
  [NlmF.ECHO, 'ECHO'],
  [NlmF.DUMP_INTR, 'DUMP_INTR'],
  [NlmF.DUMP_FILTERED, 'DUMP_FILTERED'],
];
const GET_FLAGS: ReadonlyArray<[number, string]> = [
  [NlmF.ROOT, 'ROOT'],
  [NlmF.MATCH, 'MATCH'],
  [NlmF.ATOMIC, 'ATOMIC'],
];
const NEW_FLAGS: ReadonlyArray<[number, string]> = [
  [NlmF.REPLACE, 'REPLACE'],
  [NlmF.EXCL, 'EXCL'],
  [NlmF.CREATE, 'CREATE'],
  [NlmF.APPEND, 'APPEND'],
];
const ACK_FLAGS: ReadonlyArray<[number, string]> = [
  [NlmF.CAPPED, 'CAPPED'],
  [NlmF.ACK_TLVS, 'ACK_TLVS'],
];

/** What the high flag bits mean depends on the request kind, which only the caller knows. */
export type FlagContext = 'get' | 'new' | 'delete' | 'ack' | 'unknown';

/** Guess the flag context for well-known types; families refine it (rtnetlink: type % 4). */
export function flagContextOf(type: number, flags: number): FlagContext {
  if (type === NlMsgType.ERROR || type === NlMsgType.DONE) return 'ack';
  if ((flags & NlmF.DUMP) === NlmF.DUMP) return 'get';
  return 'unknown';
}

/** NLM_F_* names set in `flags`; unknown or ambiguous bits are shown in hex. */
export function flagNames(flags: number, context: FlagContext = 'unknown'): string[] {
  const names: string[] = [];
  let rest = flags;
  const take = (table: ReadonlyArray<[number, string]>) => {
    for (const [bit, name] of table) {
      if ((rest & bit) === bit) {
        names.push(name);
        rest &= ~bit;
      }
    }
  };
  take(COMMON_FLAGS);
  if (context === 'get') {
    if ((rest & NlmF.DUMP) === NlmF.DUMP) {
      names.push('DUMP');
      rest &= ~NlmF.DUMP;
    }
    take(GET_FLAGS);
  } else if (context === 'new') take(NEW_FLAGS);
  else if (context === 'delete')
    take([
      [NlmF.NONREC, 'NONREC'],
      [NlmF.BULK, 'BULK'],
    ]);
  else if (context === 'ack') take(ACK_FLAGS);
  if (rest !== 0) names.push(`0x${rest.toString(16)}`);
  return names;
}
