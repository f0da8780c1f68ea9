// What cart and checkout show and charge for a batch of SKUs: each SKU's product title, its sale attributes by name,
// an image and the price as it stands now, in one query. Checkout prices every line from here, never from the client.
import type { CatalogOutput } from '@mall/contracts/catalog';
import type { ServiceDb } from '@mall/platform/db';

type SkuSnapshot = CatalogOutput<'skuSnapshots'>['items'][number];

interface Text {
  zh: string;
  en: string;
}

interface SnapshotRow {
  id: string;
  product_id: string;
  title: Text;
  attrs: Array<{ attributeId: string; value: string }>;
  sku_images: string[];
  product_images: string[];
  price_amount: string | number;
  currency: string;
  on_sale: boolean;
  names: Array<{ id: string; name: Text; position: number }> | null;
}

export async function skuSnapshots(db: ServiceDb, skuIds: readonly string[]): Promise<SkuSnapshot[]> {
  const rows = await db.query<SnapshotRow>(
    `SELECT s.id, s.product_id, p.title, s.attrs, s.images AS sku_images, p.images AS product_images, s.price_amount, s.currency,
            p.status = 'on_sale' AS on_sale,
            (SELECT json_agg(json_build_object('id', a.id, 'name', a.name, 'position', a.position) ORDER BY a.position, a.created_at)
               FROM attributes a WHERE a.category_id = p.category_id AND a.kind = 'sale') AS names
       FROM skus s JOIN products p ON p.id = s.product_id
      WHERE s.id = ANY($1::uuid[])`,
    [skuIds],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Answer in the order asked, so a caller can zip the answer with its lines.
  return skuIds.flatMap((id) => {
    const r = byId.get(id);
    return r ? [snapshot(r)] : [];
  });
}

function snapshot(r: SnapshotRow): SkuSnapshot {
  const order = new Map((r.names ?? []).map((n, i) => [n.id, { name: n.name, i }]));
  const attrs = r.attrs
    .flatMap((a) => {
      const n = order.get(a.attributeId);
      return n ? [{ attributeId: a.attributeId, name: n.name, value: a.value, i: n.i }] : [];
    })
    .sort((a, b) => a.i - b.i)
    .map(({ attributeId, name, value }) => ({ attributeId, name, value }));
  return {
    skuId: r.id,
    productId: r.product_id,
    title: r.title,
    attrs,
    image: r.sku_images[0] ?? r.product_images[0] ?? null,
    price: { amount: Number(r.price_amount), currency: r.currency.trim() },
    onSale: r.on_sale,
  };
}
