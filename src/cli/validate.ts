// crd-ts validate: placeholder until the validate command lands.
export async function validateCommand(args: string[]): Promise<number> {
  void args;
  process.stderr.write("crd-ts validate: not implemented yet\n");
  return 2;
}
