// crd-ts serve: placeholder until the local API server lands.
export async function serveCommand(args: string[]): Promise<number> {
  void args;
  process.stderr.write("crd-ts serve: not implemented yet\n");
  return 2;
}
