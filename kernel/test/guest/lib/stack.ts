// The real stack for the guest tests: @usip/netlink-core through its built entry point.
// kernel/test/guest is not a workspace package, so the package is reached by path; its built
// JavaScript loads fast under TCG where compiling sources would take minutes.
export {
  type AttrSet,
  MessageBuilder,
  NetlinkConnection,
  NetlinkError,
  NetlinkProtocol,
  NetlinkSocket,
  type NotificationEvent,
  parseAttrs,
} from '../../../../packages/netlink-core/dist/index.js';
