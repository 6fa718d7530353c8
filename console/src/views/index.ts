/** Every page of the console, in the order the menu shows them. */
import type { View } from '../router';
import { changesView } from './changes';
import { commissionView } from './commission';
import { editLinksView } from './edit-links';
import { entityView } from './entity';
import { homeView } from './home';
import { searchView } from './search';
import { whatCanTheyReachView } from './what-can-they-reach';
import { whoHasAccessView } from './who-has-access';
import { whyView } from './why';

/** VIEWS are the pages; those with a describe line are in the menu. */
export const VIEWS: View[] = [homeView, whyView, whoHasAccessView, whatCanTheyReachView, searchView, changesView, editLinksView, commissionView, entityView];
