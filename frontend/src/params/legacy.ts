// The first segments of links from before cohorts (/market/3, /portfolio…): matched before
// a cohort name, so a cohort cannot be called like one of them.
import type { ParamMatcher } from '@sveltejs/kit';
import { LEGACY_SECTIONS } from '$lib/cohort-routing';

export const match: ParamMatcher = (param) => (LEGACY_SECTIONS as readonly string[]).includes(param);
