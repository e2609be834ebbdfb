import { execFileSync } from 'node:child_process';
import { getString, getU32, parseAttrs } from '@usip/netlink-core';
import t from 'tap';
import type { AttributeSetNames } from '../../../src/genl/attribute-path.js';
import { formatAttributePath } from '../../../src/genl/attribute-path.js';
import type { AttributeWriter } from '../../../src/genl/genl-message.js';
import { PolicyViolationError } from '../../../src/genl/policy-validate.js';
import { GenlRequestError } from '../../../src/genl/request-error.js';
import { openLiveGenl } from '../fixtures/live-connection.js';

// From the kernel's netdev spec: NETDEV_CMD_DEV_GET = 1; NETDEV_A_DEV_IFINDEX = 1,
// NETDEV_A_DEV_XDP_FEATURES = 3 (u64).
const NETDEV_CMD_DEV_GET = 1;
const NETDEV_A_DEV_IFINDEX = 1;
const NETDEV_A_DEV_XDP_FEATURES = 3;
const netdevNames: AttributeSetNames = { [NETDEV_A_DEV_IFINDEX]: { name: 'ifindex' } };

function linkIndexes(): number[] {
  const links = JSON.parse(execFileSync('ip', ['-j', 'link'], { encoding: 'utf8' })) as {
    ifindex: number;
  }[];
  return links.map((l) => l.ifindex).sort((a, b) => a - b);
}

t.test('a netdev dev-get dump answers one message per device `ip link` shows', async (t) => {
  const genl = openLiveGenl(t);
  const devices = await genl.dump('netdev', NETDEV_CMD_DEV_GET);
  const indexes = devices.map((m) => getU32(parseAttrs(m.attributes).get(NETDEV_A_DEV_IFINDEX)!));
  t.same(
    indexes.sort((a, b) => a - b),
    linkIndexes(),
  );
  t.ok(devices.every((m) => m.cmd === NETDEV_CMD_DEV_GET && m.familyId === devices[0]?.familyId));
});

t.test('a netdev dev-get do for lo (ifindex 1) decodes', async (t) => {
  const genl = openLiveGenl(t);
  const [reply] = await genl.request('netdev', NETDEV_CMD_DEV_GET, (b) =>
    b.putU32(NETDEV_A_DEV_IFINDEX, 1),
  );
  const attrs = parseAttrs(reply!.attributes);
  t.equal(getU32(attrs.get(NETDEV_A_DEV_IFINDEX)!), 1);
  t.equal(attrs.get(NETDEV_A_DEV_XDP_FEATURES)?.length, 8, 'xdp-features is a u64');
});

t.test("the kernel's own policy refuses ifindex 0 before anything is sent", async (t) => {
  const genl = openLiveGenl(t);
  const policy = (await genl.getOpPolicies('netdev', NETDEV_CMD_DEV_GET)).get(NETDEV_CMD_DEV_GET);
  const err = await t.rejects(
    genl.request('netdev', NETDEV_CMD_DEV_GET, (b) => b.putU32(NETDEV_A_DEV_IFINDEX, 0), {
      policy,
      names: netdevNames,
    }),
    PolicyViolationError,
  );
  t.match(err, { message: /ifindex\(1\): value 0 is below the minimum 1/ });
});

t.test('sent anyway, the extended ACK offset renders as the same attribute path', async (t) => {
  const genl = openLiveGenl(t);
  const err = (await t.rejects(
    genl.request('netdev', NETDEV_CMD_DEV_GET, (b) => b.putU32(NETDEV_A_DEV_IFINDEX, 0), {
      names: netdevNames,
    }),
    GenlRequestError,
  )) as GenlRequestError;
  t.equal(err.code, 'ERANGE');
  t.equal(err.offset, 20, 'the kernel points at the attribute right after genlmsghdr');
  t.equal(formatAttributePath(err.attributePath ?? []), 'ifindex(1)');
  t.match(err.message, /^netdev cmd 1: ERANGE: .* \(at ifindex\(1\)\)$/);
});

// From the kernel's ethtool spec: ETHTOOL_MSG_STRSET_GET = 1; ETHTOOL_A_STRSET_HEADER = 1;
// in the header nest ETHTOOL_A_HEADER_DEV_INDEX = 1, ETHTOOL_A_HEADER_DEV_NAME = 2.
const ETHTOOL_MSG_STRSET_GET = 1;
const ETHTOOL_A_STRSET_HEADER = 1;
const ETHTOOL_A_HEADER_DEV_INDEX = 1;
const ETHTOOL_A_HEADER_DEV_NAME = 2;
const ethtoolNames: AttributeSetNames = {
  [ETHTOOL_A_STRSET_HEADER]: {
    name: 'header',
    nested: {
      [ETHTOOL_A_HEADER_DEV_INDEX]: { name: 'dev-index' },
      [ETHTOOL_A_HEADER_DEV_NAME]: { name: 'dev-name' },
    },
  },
};

t.test(
  'an ethtool STRSET_GET for lo, checked against the live nested policy, decodes',
  async (t) => {
    const genl = openLiveGenl(t);
    const policy = (await genl.getOpPolicies('ethtool', ETHTOOL_MSG_STRSET_GET)).get(
      ETHTOOL_MSG_STRSET_GET,
    );
    t.equal(policy?.do?.attributes.get(ETHTOOL_A_STRSET_HEADER)?.type, 'nested');
    const header =
      (devName: string): AttributeWriter =>
      (b) => {
        const nest = b.beginNest(ETHTOOL_A_STRSET_HEADER);
        b.putStringZ(ETHTOOL_A_HEADER_DEV_NAME, devName);
        b.endNest(nest);
      };
    const err = await t.rejects(
      genl.request('ethtool', ETHTOOL_MSG_STRSET_GET, header('x'.repeat(200)), {
        policy,
        names: ethtoolNames,
      }),
      PolicyViolationError,
    );
    t.match(err, {
      message: /header\(1\)\/dev-name\(2\): nul-string of 200 bytes is longer than 127/,
    });

    const missing = (await t.rejects(
      genl.request('ethtool', ETHTOOL_MSG_STRSET_GET, header('no-such-dev'), {
        policy,
        names: ethtoolNames,
      }),
      GenlRequestError,
    )) as GenlRequestError;
    t.equal(missing.code, 'ENODEV');
    t.equal(formatAttributePath(missing.attributePath ?? []), 'header(1)/dev-name(2)');

    const [reply] = await genl.request('ethtool', ETHTOOL_MSG_STRSET_GET, header('lo'), { policy });
    const replyHeader = parseAttrs(parseAttrs(reply!.attributes).get(ETHTOOL_A_STRSET_HEADER)!);
    t.equal(getU32(replyHeader.get(ETHTOOL_A_HEADER_DEV_INDEX)!), 1);
    t.equal(getString(replyHeader.get(ETHTOOL_A_HEADER_DEV_NAME)!), 'lo');
  },
);
