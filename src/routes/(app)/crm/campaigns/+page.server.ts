import { CAMPAIGN_CHANNELS, CAMPAIGN_STATUSES } from '$lib/schemas/crm';
import { requireActor } from '$lib/server/auth/actor';
import { CAMPAIGN_SORTS, campaignList } from '$lib/server/crm/campaigns';
import { recordFilters } from '$lib/server/crm/record-filters';
import { dayRange, listQuery } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const query = listQuery(url.searchParams, CAMPAIGN_SORTS, { sort: 'start', dir: 'desc' });
	const filters = {
		status: CAMPAIGN_STATUSES.find((s) => s === url.searchParams.get('status')),
		channel: CAMPAIGN_CHANNELS.find((c) => c === url.searchParams.get('channel')),
		...recordFilters(actor, url.searchParams),
		starts: dayRange(url.searchParams)
	};
	return {
		query,
		filters,
		campaigns: campaignList.view(actor, query, filters)
	};
};

export const actions: Actions = { columns: campaignList.columnsAction() };
