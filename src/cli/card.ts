/** `benchtop card --model BUNDLE`: the bundle's model card, as exported (checked like any import). */
import type { CardArgs } from './args.ts';
import { readBundleFile } from './bundle-file.ts';

export async function cardCommand(args: CardArgs): Promise<string> {
  const bundle = await readBundleFile(args.model);
  return bundle.card.endsWith('\n') ? bundle.card : bundle.card + '\n';
}
