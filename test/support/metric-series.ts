/** The value of one series of a Prometheus exposition (name with its labels, as printed), or undefined when it is absent. */
export function series(body: string, name: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}
