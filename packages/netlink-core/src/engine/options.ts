import type { PcapWriter } from '../debug/pcap-writer.js';

export interface ConnectionOptions {
  /** NETLINK_EXT_ACK: the kernel explains errors (default true, as YNL does). */
  extAck?: boolean;
  /** NETLINK_CAP_ACK: errors do not echo the whole request back (default true). */
  capAck?: boolean;
  /** NETLINK_GET_STRICT_CHK: strict dump request checking (default: on for NETLINK_ROUTE). */
  strictCheck?: boolean;
  /** First sequence number (default 1); later ones count up, skipping 0. */
  initialSeq?: number;
  /** Default per-request timeout in ms (default 5000). For dumps: the longest silence. */
  timeoutMs?: number;
  /** Messages a dump may queue for a slow consumer before the transport is paused (256). */
  dumpHighWaterMark?: number;
  /** Notifications a subscriber may queue before it gets a local overrun (1024). */
  notificationHighWaterMark?: number;
  /** Print every message sent and received to stderr (default: NLDEBUG=1 in the environment). */
  debug?: boolean;
  /** Where debug output goes (default: process.stderr). */
  debugWrite?: (text: string) => void;
  /** Record every datagram sent and received. */
  pcap?: PcapWriter;
  /**
   * After a kernel overrun, find requests whose reply or ACK was dropped and reject them with
   * ReplyLostError instead of letting them wait for their timeout (default true). It sends one
   * NLMSG_NOOP probe once the socket delivers again; turn it off for a protocol whose kernel
   * side answers requests later, outside sendmsg(), where a late reply is not a lost one.
   */
  overrunProbe?: boolean;
}

export interface RequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Ask for an ACK (NLM_F_ACK), so a request with no reply still completes (default true). */
  ack?: boolean;
  /** Length of the family header after nlmsghdr, to locate the attribute an error blames. */
  familyHeaderLength?: number;
}

export interface DumpOptions extends RequestOptions {
  /** Override the connection's dumpHighWaterMark for this dump. */
  highWaterMark?: number;
}

export interface DumpAllOptions extends DumpOptions {
  /** Repeat an interrupted dump (NLM_F_DUMP_INTR) up to this many times (default 0). */
  retries?: number;
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_DUMP_HIGH_WATER_MARK = 256;
export const DEFAULT_NOTIFICATION_HIGH_WATER_MARK = 1024;
