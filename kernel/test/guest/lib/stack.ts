// The real USIP stack for the guest tests. kernel/test/guest is not a workspace package, so the
// packages are reached by path: netlink-core through its built entry point (the same file
// usip-genl's own '@usip/netlink-core' import resolves to), usip-genl from its sources.
export {
  type AttrSet,
  NetlinkConnection,
  NetlinkError,
  NetlinkProtocol,
  NetlinkSocket,
  type NotificationEvent,
  parseAttrs,
} from '../../../../packages/netlink-core/dist/index.js';
export * from '../../../../packages/usip-genl/src/index.js';
