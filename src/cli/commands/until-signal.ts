/** Resolves on the first SIGINT or SIGTERM the emitter relays. */
export function untilSignal(signals: NodeJS.EventEmitter): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (name: string) => {
      signals.off('SIGINT', onSignal);
      signals.off('SIGTERM', onSignal);
      resolve(name);
    };
    signals.on('SIGINT', onSignal);
    signals.on('SIGTERM', onSignal);
  });
}
