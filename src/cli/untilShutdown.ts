/**
 * Resolves with the name of the first SIGTERM or SIGINT the process receives: what a container
 * runtime sends to stop it (ECS, Kubernetes: SIGTERM, then SIGKILL after a grace period), or Ctrl-C.
 * The listeners are removed once it resolves, so that a second signal kills the process as usual.
 */
function untilShutdown(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(signal);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

export { untilShutdown };
