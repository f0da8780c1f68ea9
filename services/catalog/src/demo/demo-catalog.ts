// The demo catalog `npm start` ships on a first start: six top categories three levels deep, brands, sale and spec
// attributes, 200+ products with 600+ SKUs named in Chinese and English, stock for every SKU, and a home page.
// Generated from the tables below by a seeded pseudo-random walk, so every start of every machine writes the same shop.
import { productImage, bannerImage } from './demo-images.ts';

export interface Text {
  zh: string;
  en: string;
}

export interface DemoSaleAttribute {
  key: string;
  name: Text;
  values: Text[];
}

export interface DemoSpec {
  name: Text;
  value: Text;
}

export interface DemoCategory {
  key: string;
  name: Text;
  /** Sale attributes (only on leaves): each SKU takes one value of each. */
  saleAttributes?: DemoSaleAttribute[];
  /** Spec attribute names (only on leaves), shown on the product page. */
  specNames?: Text[];
  children?: DemoCategory[];
}

export interface DemoBrand {
  key: string;
  name: Text;
}

export interface DemoSku {
  /** Sale attribute key → the value's English text (the value's identity). */
  attrs: Record<string, string>;
  /** Integer minor units (fen) of CNY. */
  priceAmount: number;
  currency: 'CNY';
  /** EAN-13 with its check digit. */
  barcode: string;
  /** Units on hand at the first start. */
  stock: number;
}

export interface DemoProduct {
  key: string;
  categoryKey: string;
  brandKey: string;
  title: Text;
  subtitle: Text;
  description: Text;
  specs: DemoSpec[];
  skus: DemoSku[];
  /** The product's picture, an SVG document. */
  image: string;
  /** Days before the first start that the product was listed (for "newest"). */
  listedDaysAgo: number;
}

export interface DemoBanner {
  key: string;
  title: Text;
  image: string;
  /** A storefront path: a category or a product. */
  link: string;
}

export interface DemoFeatured {
  key: string;
  title: Text;
  productKeys: string[];
}

export interface DemoCatalog {
  categories: DemoCategory[];
  brands: DemoBrand[];
  products: DemoProduct[];
  banners: DemoBanner[];
  featured: DemoFeatured[];
}

const t = (zh: string, en: string): Text => ({ zh, en });

const colors: DemoSaleAttribute = {
  key: 'color',
  name: t('颜色', 'Colour'),
  values: [t('曜石黑', 'Black'), t('珍珠白', 'White'), t('星空蓝', 'Blue'), t('玫瑰金', 'Rose Gold')],
};
const storage: DemoSaleAttribute = {
  key: 'storage',
  name: t('存储容量', 'Storage'),
  values: [t('128GB', '128GB'), t('256GB', '256GB'), t('512GB', '512GB')],
};
const clothingSizes: DemoSaleAttribute = {
  key: 'size',
  name: t('尺码', 'Size'),
  values: [t('S', 'S'), t('M', 'M'), t('L', 'L'), t('XL', 'XL')],
};
const shoeSizes: DemoSaleAttribute = {
  key: 'size',
  name: t('鞋码', 'Shoe size'),
  values: [t('39', '39'), t('40', '40'), t('41', '41'), t('42', '42'), t('43', '43')],
};
const packs: DemoSaleAttribute = {
  key: 'pack',
  name: t('规格', 'Pack'),
  values: [t('250克', '250 g'), t('500克', '500 g'), t('1千克', '1 kg')],
};
const editions: DemoSaleAttribute = {
  key: 'edition',
  name: t('版本', 'Edition'),
  values: [t('标准版', 'Standard'), t('高配版', 'Plus'), t('旗舰版', 'Ultimate')],
};
const weights: DemoSaleAttribute = {
  key: 'weight',
  name: t('重量', 'Weight'),
  values: [t('5千克', '5 kg'), t('10千克', '10 kg'), t('20千克', '20 kg')],
};

const electronicsSpecs = [t('重量', 'Weight'), t('续航', 'Battery life'), t('接口', 'Connector'), t('保修', 'Warranty')];
const applianceSpecs = [t('功率', 'Power'), t('容量', 'Capacity'), t('噪音', 'Noise'), t('保修', 'Warranty')];
const clothingSpecs = [t('材质', 'Material'), t('版型', 'Fit'), t('洗涤', 'Care'), t('产地', 'Made in')];
const outdoorSpecs = [t('材质', 'Material'), t('重量', 'Weight'), t('适用', 'Suitable for'), t('保修', 'Warranty')];
const foodSpecs = [t('产地', 'Origin'), t('保质期', 'Shelf life'), t('储存', 'Storage'), t('配料', 'Ingredients')];

/** A leaf: its products are "<brand> <modifier><noun> <suffix>" in both languages, priced in a range (yuan). */
interface Leaf {
  key: string;
  name: Text;
  noun: Text;
  modifiers: Text[];
  price: [number, number];
  sale: DemoSaleAttribute[];
  specs: Text[];
  brands: string[];
}

const leaf = (
  key: string,
  name: Text,
  noun: Text,
  modifiers: Text[],
  price: [number, number],
  sale: DemoSaleAttribute[],
  specs: Text[],
  brands: string[],
): Leaf => ({
  key,
  name,
  noun,
  modifiers,
  price,
  sale,
  specs,
  brands,
});

const BRANDS: DemoBrand[] = [
  { key: 'aurora', name: t('极光', 'Aurora') },
  { key: 'nimbus', name: t('云岚', 'Nimbus') },
  { key: 'vertex', name: t('峰值', 'Vertex') },
  { key: 'lumen', name: t('流明', 'Lumen') },
  { key: 'harbor', name: t('港湾', 'Harbor') },
  { key: 'maple', name: t('枫叶', 'Maple') },
  { key: 'summit', name: t('巅峰', 'Summit') },
  { key: 'orchard', name: t('果园', 'Orchard') },
  { key: 'tidal', name: t('潮汐', 'Tidal') },
  { key: 'willow', name: t('垂柳', 'Willow') },
];
const tech = ['aurora', 'nimbus', 'vertex', 'lumen'];
const home = ['harbor', 'lumen', 'maple'];
const wear = ['maple', 'willow', 'tidal', 'summit'];
const outdoor = ['summit', 'tidal', 'vertex'];
const food = ['orchard', 'harbor', 'willow'];

const TREE: Array<{ key: string; name: Text; children: Array<{ key: string; name: Text; leaves: Leaf[] }> }> = [
  {
    key: 'digital',
    name: t('手机数码', 'Phones & Digital'),
    children: [
      {
        key: 'phones',
        name: t('手机通讯', 'Phones'),
        leaves: [
          leaf(
            'smartphones',
            t('智能手机', 'Smartphones'),
            t('智能手机', 'Smartphone'),
            [t('5G', '5G'), t('折叠屏', 'Foldable'), t('影像', 'Camera'), t('轻薄', 'Slim')],
            [1299, 8999],
            [colors, storage],
            electronicsSpecs,
            tech,
          ),
          leaf(
            'phone-accessories',
            t('手机配件', 'Phone Accessories'),
            t('快充充电器', 'Fast Charger'),
            [t('氮化镓', 'GaN'), t('双口', 'Dual-Port'), t('磁吸', 'Magnetic'), t('迷你', 'Mini')],
            [49, 299],
            [colors],
            electronicsSpecs,
            tech,
          ),
        ],
      },
      {
        key: 'audio',
        name: t('影音娱乐', 'Audio'),
        leaves: [
          leaf(
            'headphones',
            t('耳机', 'Headphones'),
            t('蓝牙耳机', 'Headphones'),
            [t('无线', 'Wireless'), t('降噪', 'Noise-Cancelling'), t('运动', 'Sport'), t('头戴式', 'Over-Ear')],
            [99, 2499],
            [colors],
            electronicsSpecs,
            tech,
          ),
          leaf(
            'speakers',
            t('音箱', 'Speakers'),
            t('蓝牙音箱', 'Bluetooth Speaker'),
            [t('便携', 'Portable'), t('防水', 'Waterproof'), t('智能', 'Smart'), t('桌面', 'Desktop')],
            [129, 1999],
            [colors],
            electronicsSpecs,
            tech,
          ),
        ],
      },
    ],
  },
  {
    key: 'computers',
    name: t('电脑办公', 'Computers & Office'),
    children: [
      {
        key: 'computers-pc',
        name: t('电脑整机', 'Computers'),
        leaves: [
          leaf(
            'laptops',
            t('笔记本', 'Laptops'),
            t('笔记本电脑', 'Laptop'),
            [t('轻薄', 'Ultrathin'), t('游戏', 'Gaming'), t('商务', 'Business'), t('创作', 'Creator')],
            [3499, 14999],
            [colors, storage],
            electronicsSpecs,
            tech,
          ),
          leaf(
            'tablets',
            t('平板电脑', 'Tablets'),
            t('平板电脑', 'Tablet'),
            [t('高刷', 'High-Refresh'), t('护眼', 'Eye-Care'), t('学习', 'Study'), t('影音', 'Media')],
            [999, 6999],
            [colors, storage],
            electronicsSpecs,
            tech,
          ),
        ],
      },
      {
        key: 'peripherals',
        name: t('外设产品', 'Peripherals'),
        leaves: [
          leaf(
            'keyboards',
            t('键盘', 'Keyboards'),
            t('机械键盘', 'Mechanical Keyboard'),
            [t('无线', 'Wireless'), t('静音', 'Silent'), t('背光', 'Backlit'), t('紧凑', 'Compact')],
            [129, 1299],
            [colors],
            electronicsSpecs,
            tech,
          ),
          leaf(
            'mice',
            t('鼠标', 'Mice'),
            t('鼠标', 'Mouse'),
            [t('无线', 'Wireless'), t('游戏', 'Gaming'), t('人体工学', 'Ergonomic'), t('静音', 'Silent')],
            [59, 799],
            [colors],
            electronicsSpecs,
            tech,
          ),
        ],
      },
    ],
  },
  {
    key: 'appliances',
    name: t('家用电器', 'Home Appliances'),
    children: [
      {
        key: 'kitchen',
        name: t('厨房电器', 'Kitchen'),
        leaves: [
          leaf(
            'rice-cookers',
            t('电饭煲', 'Rice Cookers'),
            t('电饭煲', 'Rice Cooker'),
            [t('智能', 'Smart'), t('IH', 'IH'), t('迷你', 'Mini'), t('低糖', 'Low-Sugar')],
            [199, 1999],
            [editions],
            applianceSpecs,
            home,
          ),
          leaf(
            'coffee-makers',
            t('咖啡机', 'Coffee Makers'),
            t('咖啡机', 'Coffee Maker'),
            [t('全自动', 'Automatic'), t('意式', 'Espresso'), t('胶囊', 'Capsule'), t('滴滤', 'Drip')],
            [299, 5999],
            [colors, editions],
            applianceSpecs,
            home,
          ),
        ],
      },
      {
        key: 'household',
        name: t('生活电器', 'Household'),
        leaves: [
          leaf(
            'vacuums',
            t('吸尘器', 'Vacuum Cleaners'),
            t('吸尘器', 'Vacuum Cleaner'),
            [t('无线', 'Cordless'), t('手持', 'Handheld'), t('扫拖一体', 'Mopping'), t('除螨', 'Anti-Mite')],
            [399, 4999],
            [editions],
            applianceSpecs,
            home,
          ),
          leaf(
            'air-purifiers',
            t('空气净化器', 'Air Purifiers'),
            t('空气净化器', 'Air Purifier'),
            [t('除甲醛', 'Formaldehyde'), t('静音', 'Quiet'), t('智能', 'Smart'), t('桌面', 'Desktop')],
            [499, 3999],
            [editions],
            applianceSpecs,
            home,
          ),
        ],
      },
    ],
  },
  {
    key: 'fashion',
    name: t('服饰鞋包', 'Fashion'),
    children: [
      {
        key: 'menswear',
        name: t('男装', 'Men'),
        leaves: [
          leaf(
            't-shirts',
            t('T恤', 'T-Shirts'),
            t('T恤', 'T-Shirt'),
            [t('纯棉', 'Cotton'), t('速干', 'Quick-Dry'), t('印花', 'Printed'), t('宽松', 'Relaxed')],
            [59, 299],
            [colors, clothingSizes],
            clothingSpecs,
            wear,
          ),
          leaf(
            'jackets',
            t('夹克', 'Jackets'),
            t('夹克', 'Jacket'),
            [t('防风', 'Windproof'), t('牛仔', 'Denim'), t('羽绒', 'Down'), t('机车', 'Biker')],
            [199, 1599],
            [colors, clothingSizes],
            clothingSpecs,
            wear,
          ),
        ],
      },
      {
        key: 'womenswear',
        name: t('女装', 'Women'),
        leaves: [
          leaf(
            'dresses',
            t('连衣裙', 'Dresses'),
            t('连衣裙', 'Dress'),
            [t('碎花', 'Floral'), t('针织', 'Knit'), t('真丝', 'Silk'), t('长款', 'Maxi')],
            [129, 1299],
            [colors, clothingSizes],
            clothingSpecs,
            wear,
          ),
          leaf(
            'hoodies',
            t('卫衣', 'Hoodies'),
            t('卫衣', 'Hoodie'),
            [t('加绒', 'Fleece'), t('连帽', 'Hooded'), t('oversize', 'Oversize'), t('拉链', 'Zip')],
            [99, 599],
            [colors, clothingSizes],
            clothingSpecs,
            wear,
          ),
        ],
      },
      {
        key: 'shoes',
        name: t('鞋靴', 'Shoes'),
        leaves: [
          leaf(
            'running-shoes',
            t('跑鞋', 'Running Shoes'),
            t('跑鞋', 'Running Shoes'),
            [t('缓震', 'Cushioned'), t('竞速', 'Racing'), t('越野', 'Trail'), t('轻量', 'Lightweight')],
            [299, 1499],
            [colors, shoeSizes],
            clothingSpecs,
            wear,
          ),
          leaf(
            'sneakers',
            t('板鞋', 'Sneakers'),
            t('板鞋', 'Sneakers'),
            [t('复古', 'Retro'), t('百搭', 'Classic'), t('高帮', 'High-Top'), t('帆布', 'Canvas')],
            [199, 999],
            [colors, shoeSizes],
            clothingSpecs,
            wear,
          ),
        ],
      },
    ],
  },
  {
    key: 'sports',
    name: t('运动户外', 'Sports & Outdoors'),
    children: [
      {
        key: 'fitness',
        name: t('健身训练', 'Fitness'),
        leaves: [
          leaf(
            'yoga-mats',
            t('瑜伽垫', 'Yoga Mats'),
            t('瑜伽垫', 'Yoga Mat'),
            [t('防滑', 'Non-Slip'), t('加厚', 'Thick'), t('天然橡胶', 'Natural Rubber'), t('折叠', 'Foldable')],
            [59, 499],
            [colors],
            outdoorSpecs,
            outdoor,
          ),
          leaf(
            'dumbbells',
            t('哑铃', 'Dumbbells'),
            t('哑铃', 'Dumbbell'),
            [t('可调节', 'Adjustable'), t('包胶', 'Rubber'), t('六角', 'Hex'), t('电镀', 'Chrome')],
            [99, 1299],
            [weights],
            outdoorSpecs,
            outdoor,
          ),
        ],
      },
      {
        key: 'outdoor',
        name: t('户外装备', 'Outdoor'),
        leaves: [
          leaf(
            'tents',
            t('帐篷', 'Tents'),
            t('帐篷', 'Tent'),
            [t('双人', 'Two-Person'), t('速开', 'Instant'), t('防雨', 'Rainproof'), t('超轻', 'Ultralight')],
            [199, 2999],
            [colors, editions],
            outdoorSpecs,
            outdoor,
          ),
          leaf(
            'backpacks',
            t('背包', 'Backpacks'),
            t('登山包', 'Hiking Backpack'),
            [t('大容量', 'Large'), t('防水', 'Waterproof'), t('轻量', 'Lightweight'), t('通勤', 'Commuter')],
            [129, 1299],
            [colors],
            outdoorSpecs,
            outdoor,
          ),
        ],
      },
    ],
  },
  {
    key: 'food',
    name: t('食品饮料', 'Food & Drinks'),
    children: [
      {
        key: 'snacks',
        name: t('休闲零食', 'Snacks'),
        leaves: [
          leaf(
            'nuts',
            t('坚果炒货', 'Nuts'),
            t('每日坚果', 'Mixed Nuts'),
            [t('原味', 'Plain'), t('烘焙', 'Roasted'), t('低盐', 'Lightly Salted'), t('混合', 'Trail')],
            [29, 199],
            [packs],
            foodSpecs,
            food,
          ),
          leaf(
            'chocolate',
            t('巧克力', 'Chocolate'),
            t('巧克力', 'Chocolate'),
            [t('黑', 'Dark'), t('牛奶', 'Milk'), t('榛子', 'Hazelnut'), t('抹茶', 'Matcha')],
            [19, 299],
            [packs],
            foodSpecs,
            food,
          ),
        ],
      },
      {
        key: 'drinks',
        name: t('茶饮冲调', 'Tea & Coffee'),
        leaves: [
          leaf(
            'tea',
            t('茶叶', 'Tea'),
            t('茶叶', 'Tea'),
            [t('龙井', 'Longjing Green'), t('普洱', 'Pu-erh'), t('乌龙', 'Oolong'), t('红', 'Black')],
            [39, 999],
            [packs],
            foodSpecs,
            food,
          ),
          leaf(
            'coffee-beans',
            t('咖啡豆', 'Coffee Beans'),
            t('咖啡豆', 'Coffee Beans'),
            [t('深烘', 'Dark Roast'), t('中烘', 'Medium Roast'), t('浅烘', 'Light Roast'), t('单品', 'Single-Origin')],
            [49, 499],
            [packs],
            foodSpecs,
            food,
          ),
        ],
      },
    ],
  },
];

const SUFFIXES = ['Pro', 'Max', 'Lite', 'Air', 'Plus', 'Mini', 'S', 'X', 'Neo', 'Ultra'];

/** Small deterministic PRNG (mulberry32): the same seed gives the same shop everywhere. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** An EAN-13 from a 12-digit body: the check digit weighs odd positions 1 and even ones 3. */
export function ean13(body: string): string {
  if (!/^\d{12}$/.test(body)) throw new Error(`an EAN-13 body is 12 digits, got "${body}"`);
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

/** Every combination of one value per attribute, in attribute order (colour × size …). */
function combinations(attributes: DemoSaleAttribute[]): Array<Record<string, string>> {
  return attributes.reduce<Array<Record<string, string>>>(
    (acc, attribute) => acc.flatMap((combo) => attribute.values.map((value) => ({ ...combo, [attribute.key]: value.en }))),
    [{}],
  );
}

const PRODUCTS_PER_LEAF = 8;
const MIN_SKUS = 3;
const MAX_SKUS = 4;

export function demoCatalog(seed = 20261203): DemoCatalog {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const brandsByKey = new Map(BRANDS.map((b) => [b.key, b]));
  const products: DemoProduct[] = [];
  const categories: DemoCategory[] = TREE.map((top) => ({
    key: top.key,
    name: top.name,
    children: top.children.map((middle) => ({
      key: middle.key,
      name: middle.name,
      children: middle.leaves.map((l) => ({ key: l.key, name: l.name, saleAttributes: l.sale, specNames: l.specs })),
    })),
  }));
  let serial = 0;
  for (const top of TREE)
    for (const middle of top.children)
      for (const l of middle.leaves)
        for (let i = 0; i < PRODUCTS_PER_LEAF; i++) {
          serial++;
          const brand = brandsByKey.get(l.brands[i % l.brands.length] as string) as DemoBrand;
          const modifier = l.modifiers[i % l.modifiers.length] as Text;
          const suffix = SUFFIXES[(serial * 7 + i) % SUFFIXES.length] as string;
          const title = t(
            `${brand.name.zh} ${modifier.zh}${l.noun.zh} ${suffix}`,
            `${brand.name.en} ${modifier.en} ${l.noun.en} ${suffix}`,
          );
          const base = Math.round(l.price[0] + (l.price[1] - l.price[0]) * next());
          const all = combinations(l.sale);
          const count = Math.min(all.length, MIN_SKUS + Math.floor(next() * (MAX_SKUS - MIN_SKUS + 1)));
          const start = Math.floor(next() * all.length);
          const skus = Array.from({ length: count }, (_, k) => {
            const attrs = all[(start + k) % all.length] as Record<string, string>;
            // Higher editions cost more; a few SKUs start sold out or nearly, so the storefront shows both.
            const stock = next() < 0.05 ? 0 : next() < 0.1 ? 1 + Math.floor(next() * 5) : 20 + Math.floor(next() * 480);
            return {
              attrs,
              priceAmount: (base + k * Math.max(1, Math.round(base * 0.1))) * 100 - (next() < 0.5 ? 1 : 0),
              currency: 'CNY' as const,
              barcode: ean13(`690${String(serial).padStart(4, '0')}${String(k).padStart(2, '0')}${String(i).padStart(3, '0')}`),
              stock,
            };
          });
          products.push({
            key: `${l.key}-${i + 1}`,
            categoryKey: l.key,
            brandKey: brand.key,
            title,
            subtitle: t(`${l.name.zh}精选 · ${modifier.zh}系列`, `${modifier.en} series · a pick of ${l.name.en.toLowerCase()}`),
            description: t(
              `${brand.name.zh}出品的${modifier.zh}${l.noun.zh}，做工扎实，品质可靠。七天无理由退货，全国包邮。`,
              `${brand.name.en}'s ${modifier.en.toLowerCase()} ${l.noun.en.toLowerCase()}, well made and built to last. Free delivery and 7-day returns.`,
            ),
            specs: l.specs.map((name, k) => ({ name, value: specValue(name, k, next) })),
            skus,
            image: productImage({ key: `${l.key}-${i + 1}`, title: title.en, category: top.name.en, hue: Math.floor(next() * 360) }),
            listedDaysAgo: Math.floor(next() * 120),
          });
        }
  const newest = [...products].sort((a, b) => a.listedDaysAgo - b.listedDaysAgo).slice(0, 8);
  return {
    categories,
    brands: BRANDS,
    products,
    banners: [
      {
        key: 'double-12',
        title: t('双十二狂欢 · 全场满减', 'Double 12 · Save on everything'),
        image: bannerImage('Double 12', 210),
        link: '/categories/digital',
      },
      {
        key: 'audio-week',
        title: t('耳机音箱周 · 新品首发', 'Audio week · New headphones'),
        image: bannerImage('Audio week', 280),
        link: '/categories/headphones',
      },
      {
        key: 'outdoor',
        title: t('冬季户外 · 装备上新', 'Winter outdoors · New gear'),
        image: bannerImage('Winter outdoors', 130),
        link: '/categories/outdoor',
      },
    ],
    featured: [
      { key: 'new-arrivals', title: t('新品上市', 'New arrivals'), productKeys: newest.map((p) => p.key) },
      { key: 'best-sellers', title: t('热销榜单', 'Best sellers'), productKeys: products.filter((_, i) => i % 25 === 3).map((p) => p.key) },
      { key: 'editors-picks', title: t('编辑精选', "Editors' picks"), productKeys: Array.from({ length: 8 }, () => pick(products).key) },
    ],
  };
}

function specValue(name: Text, k: number, next: () => number): Text {
  const n = 1 + Math.floor(next() * 9);
  switch (name.en) {
    case 'Weight':
      return t(`${n * 100}克`, `${n * 100} g`);
    case 'Battery life':
      return t(`${n * 4}小时`, `${n * 4} hours`);
    case 'Warranty': {
      const years = 1 + (n % 3);
      return t(`${years}年`, `${years} year${years > 1 ? 's' : ''}`);
    }
    case 'Power':
      return t(`${n * 150}瓦`, `${n * 150} W`);
    case 'Capacity':
      return t(`${n}升`, `${n} L`);
    case 'Shelf life':
      return t(`${n * 2}个月`, `${n * 2} months`);
    default:
      return pickText(name.en, k + n);
  }
}

const VALUES: Record<string, Text[]> = {
  Connector: [t('USB-C', 'USB-C'), t('蓝牙 5.3', 'Bluetooth 5.3'), t('Lightning', 'Lightning')],
  Noise: [t('低于 40 分贝', 'under 40 dB'), t('低于 55 分贝', 'under 55 dB')],
  Material: [t('纯棉', 'cotton'), t('聚酯纤维', 'polyester'), t('尼龙', 'nylon'), t('羊毛', 'wool')],
  Fit: [t('修身', 'slim'), t('常规', 'regular'), t('宽松', 'relaxed')],
  Care: [t('可机洗', 'machine washable'), t('建议手洗', 'hand wash')],
  'Made in': [t('中国', 'China'), t('越南', 'Vietnam')],
  'Suitable for': [t('徒步', 'hiking'), t('露营', 'camping'), t('健身房', 'the gym')],
  Origin: [t('云南', 'Yunnan'), t('浙江', 'Zhejiang'), t('福建', 'Fujian'), t('新疆', 'Xinjiang')],
  Storage: [t('阴凉干燥处', 'cool and dry'), t('开封后冷藏', 'refrigerate once open')],
  Ingredients: [t('见包装', 'see the pack')],
};

function pickText(key: string, n: number): Text {
  const values = VALUES[key] ?? [t('标准', 'standard')];
  return values[n % values.length] as Text;
}
