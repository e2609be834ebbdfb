// Listeners are unregistered when the process exits normally. An 'exit' handler cannot wait for
// answers, so each client sends its EVENT_UNREGISTER requests without waiting; the kernel also
// frees a listener when its socket closes (NETLINK_URELEASE), which covers signals and crashes.

export interface ExitCleanup {
  unregisterAllNow(): void;
}

const open = new Set<ExitCleanup>();
let installed = false;

function onExit(): void {
  for (const client of open) {
    try {
      client.unregisterAllNow();
    } catch {
      // Best effort: the socket's close frees the listeners anyway.
    }
  }
}

export function trackForExit(client: ExitCleanup): void {
  if (!installed) {
    process.once('exit', onExit);
    installed = true;
  }
  open.add(client);
}

export function untrackForExit(client: ExitCleanup): void {
  open.delete(client);
}
