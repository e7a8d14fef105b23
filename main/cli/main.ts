export async function main(argv: string[]): Promise<number> {
  console.log('zvit', argv, process.version);
  return 0;
}
