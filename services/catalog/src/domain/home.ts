// Home page rules: a banner shows an image; a featured list shows at least one product.
import { fieldRefused } from '@mall/contracts';

export interface HomeSectionShape {
  kind: 'banner' | 'featured';
  image: string | null;
  productIds: readonly string[];
}

export function assertHomeSection(section: HomeSectionShape): void {
  if (section.kind === 'banner' && section.image === null)
    throw fieldRefused('BANNER_NEEDS_IMAGE', { path: '/image', message: 'a banner needs an image' });
  if (section.kind === 'featured' && section.productIds.length === 0)
    throw fieldRefused('FEATURED_NEEDS_PRODUCTS', { path: '/productIds', message: 'a featured list needs at least one product' });
}
