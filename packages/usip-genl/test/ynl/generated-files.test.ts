import { readFileSync } from 'node:fs';
import t from 'tap';
import { generateKernelGlue } from '../../src/ynl/gen-c-kernel.js';
import { generatedFiles } from '../../src/ynl/generated-files.js';
import { parseSpec } from '../../src/ynl/load.js';

// The committed C files must be exactly what kernel/usip.yaml generates today.
for (const file of generatedFiles()) {
  t.test(`${file.path} is up to date (run: pnpm --dir packages/usip-genl run gen)`, async (t) => {
    t.equal(readFileSync(file.path, 'utf8'), file.text);
  });
}

t.test('the UAPI header carries the names the kernel module relies on', async (t) => {
  const header = generatedFiles().find((f) => f.path.endsWith('uapi/linux/usip.h'))!.text;
  for (const line of [
    '#define USIP_FAMILY_NAME\t"usip_family"',
    '#define USIP_FAMILY_VERSION\t2',
    '#define USIP_PATH_MAX\t4096',
    '#define USIP_MCGRP_MTAB\t"mcg_mtab"',
    '#define USIP_MCGRP_STORAGE\t"mcg_storage"',
    '\tUSIP_FLAGS_NOTIFIER_KERN_LOG = 2,',
    '\tUSIP_A_MAX = (__USIP_A_MAX - 1)',
    '\tUSIP_CMD_MAX = (__USIP_CMD_MAX - 1)',
    '\tUSIP_CHANGE_A_MAX = (__USIP_CHANGE_A_MAX - 1)',
  ]) {
    t.ok(header.includes(line), line);
  }
  // Prototype numbers kept: EVENT_INO 13, TEST_PATH 20, PAD 21, TEST_ENOSPC 8.
  t.match(header, /USIP_A_UNSPEC,\n(\tUSIP_A_\w+,\n){12}\tUSIP_A_EVENT_INO,/);
});

t.test('the kernel glue has per-op policies and the ops/mcgrps tables', async (t) => {
  const source = generatedFiles().find((f) => f.path.endsWith('usip-nl-gen.c'))!.text;
  t.match(
    source,
    /\[USIP_A_EVENT_NOTIFIERS\] = NLA_POLICY_NESTED_ARRAY\(usip_notifier_nl_policy\)/,
  );
  t.match(source, /\[USIP_A_PATH\] = \{ \.type = NLA_NUL_STRING, \.len = USIP_PATH_MAX - 1, \}/);
  t.match(source, /\[USIP_NOTIFIER_A_FLAGS\] = NLA_POLICY_MASK\(NLA_U32, 0x7\)/);
  t.match(source, /\[USIP_A_EVENT_ACTION\] = NLA_POLICY_MAX\(NLA_U32, USIP_NOTIFY_ATTR\)/);
  t.match(source, /\.dumpit\t\t= usip_nl_mtab_get_dumpit,\n\t\t\.done\t\t= usip_nl_mtab_get_done,/);
  t.match(
    source,
    /\[USIP_NLGRP_STORAGE\] = \{ \.name = USIP_MCGRP_STORAGE, \.flags = GENL_MCAST_CAP_SYS_ADMIN, \}/,
  );
  // Notifications are never requests: no handler for them.
  t.notMatch(source, /usip_nl_mtab_notify/);
});

t.test('op flags and dump hooks of any spec become genl_ops fields', async (t) => {
  const spec = parseSpec(`
name: demo
attribute-sets:
  - name: demo
    attributes: [{name: id, type: u32}]
operations:
  list:
    - name: wipe
      attribute-set: demo
      flags: [admin-perm]
      do: {request: {attributes: [id]}}
    - name: list
      attribute-set: demo
      dump: {pre: demo-list-start, post: demo-list-done, request: {attributes: []}}
`);
  const glue = generateKernelGlue(spec, 'demo.yaml', 'demo.h', 'demo-gen.h');
  t.match(glue.source, /\.cmd\t\t= DEMO_CMD_WIPE,[^}]*\.flags\t\t= GENL_ADMIN_PERM,/);
  t.match(glue.source, /\.start\t\t= demo_list_start,\n\t\t\.dumpit\t\t= demo_nl_list_dumpit,/);
  t.match(glue.header, /int demo_list_done\(struct netlink_callback \*cb\);/);
  t.notMatch(glue.source, /nl_mcgrps/);
});
