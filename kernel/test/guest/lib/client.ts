// A small generic netlink client for USIP over @usip/netlink-core: resolves the family and its
// groups through nlctrl, sends requests built with raw attribute writers (so tests can also
// send malformed ones) and returns replies as attribute sets.
import {
  type AttrSet,
  MessageBuilder,
  NetlinkConnection,
  NetlinkProtocol,
  NetlinkSocket,
  parseAttrs,
} from './stack.js';

export type AttributeWriter = (b: MessageBuilder) => void;

const GENL_ID_CTRL = 16;
const CTRL_CMD_GETFAMILY = 3;
const CTRL_ATTR_FAMILY_ID = 1;
const CTRL_ATTR_FAMILY_NAME = 2;
const CTRL_ATTR_MCAST_GROUPS = 7;
const GENL_HDRLEN = 4;

function genlMessage(type: number, cmd: number, version: number, write?: AttributeWriter): Buffer {
  const b = new MessageBuilder().beginMessage(type);
  const hdr = Buffer.alloc(GENL_HDRLEN);
  hdr.writeUInt8(cmd, 0);
  hdr.writeUInt8(version, 1);
  b.putHeader(hdr);
  write?.(b);
  return b.endMessage().finish();
}

export class UsipClient {
  readonly netlink = new NetlinkConnection(
    new NetlinkSocket({ protocol: NetlinkProtocol.GENERIC }),
  );
  private family?: { id: number; groups: Map<string, number> };

  /** The family id and group ids (looked up once; a reloaded module needs a new client). */
  async resolve(name: string): Promise<{ id: number; groups: Map<string, number> }> {
    if (this.family) return this.family;
    const [reply] = await this.netlink.request(
      genlMessage(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, (b) =>
        b.putStringZ(CTRL_ATTR_FAMILY_NAME, name),
      ),
    );
    if (!reply) throw new Error(`nlctrl did not describe ${name}`);
    const attrs = parseAttrs(reply.payload, GENL_HDRLEN);
    const groups = new Map<string, number>();
    const list = attrs.get(CTRL_ATTR_MCAST_GROUPS);
    if (list) {
      const entries = parseAttrs(list);
      for (const t of entries.types()) {
        const g = parseAttrs(entries.get(t) ?? Buffer.alloc(0));
        const gname = g.get(1)?.toString('utf8').replace(/\0+$/, '');
        const gid = g.get(2)?.readUInt32LE(0);
        if (gname && gid !== undefined) groups.set(gname, gid);
      }
    }
    this.family = { id: attrs.get(CTRL_ATTR_FAMILY_ID)?.readUInt16LE(0) ?? 0, groups };
    return this.family;
  }

  async request(family: string, cmd: number, write?: AttributeWriter): Promise<AttrSet[]> {
    const { id } = await this.resolve(family);
    const replies = await this.netlink.request(genlMessage(id, cmd, 2, write), {
      familyHeaderLength: GENL_HDRLEN,
    });
    return replies.map((m) => parseAttrs(m.payload, GENL_HDRLEN));
  }

  async dump(family: string, cmd: number, write?: AttributeWriter): Promise<AttrSet[]> {
    const { id } = await this.resolve(family);
    const result = await this.netlink.dumpAll(genlMessage(id, cmd, 2, write), {
      familyHeaderLength: GENL_HDRLEN,
    });
    return result.messages.map((m) => parseAttrs(m.payload, GENL_HDRLEN));
  }

  async joinGroup(family: string, group: string): Promise<void> {
    const gid = (await this.resolve(family)).groups.get(group);
    if (gid === undefined) throw new Error(`${family} has no group ${group}`);
    this.netlink.joinGroup(gid);
  }

  close(): void {
    this.netlink.close();
  }
}
