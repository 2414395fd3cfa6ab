"""API of collective contracts and bargaining offers (DEMO-1), under /api/v1/democracy/:
the same services, queries and scope as the pages. An id in a body outside the caller's
scope is a 404 naming the field; bad input a 400/422 in Chinese naming the field."""

from ninja import Query, Router
from ninja.pagination import paginate

from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.workflow_api import add_action_endpoint

from ..queries import contracts as queries
from ..schemas import contracts as schemas
from ..services import contracts as services
from ..workflow.contracts import CONTRACT_WORKFLOW

router = Router()


def _detail(contract) -> dict:
    renewal = queries.renewal_of(contract)
    contract.employer_ids = list(contract.coverage.values_list("employer_id", flat=True))
    contract.renewed_by_id = renewal.pk if renewal else None
    contract.filing_warning = services.filing_warning(contract)
    return contract


@router.get("/democracy/contracts", response=list[schemas.ContractOut])
@paginate(CappedPagination, page_size=100)
def list_contracts(request, filters: Query[schemas.ContractFilters]):
    require(request.user, queries.VIEW)
    return queries.contract_list(user=request.user, filters=filters.filters())


@router.get("/democracy/contracts/{contract_id}", response=schemas.ContractDetailOut)
def get_contract(request, contract_id: int):
    return _detail(queries.contract_get(user=request.user, pk=contract_id))


@router.post("/democracy/contracts", response={201: schemas.ContractDetailOut})
def create_contract(request, payload: schemas.ContractIn):
    require(request.user, queries.MANAGE)
    data = payload.service_kwargs(request.user)
    return 201, _detail(services.contract_create(actor=request.user, **data))


@router.put("/democracy/contracts/{contract_id}", response=schemas.ContractDetailOut)
def update_contract(request, contract_id: int, payload: schemas.ContractPut):
    require(request.user, queries.MANAGE)
    contract = queries.contract_get(user=request.user, pk=contract_id)
    data = payload.service_kwargs(request.user)
    saved = services.contract_update(
        actor=request.user, contract=contract, version=payload.version, **data
    )
    return _detail(saved)


@router.post("/democracy/contracts/{contract_id}/renew", response={201: schemas.ContractDetailOut})
def renew_contract(request, contract_id: int, payload: schemas.RenewIn):
    require(request.user, queries.MANAGE)
    contract = queries.contract_get(user=request.user, pk=contract_id)
    saved = services.contract_renew(actor=request.user, contract=contract, **payload.dict())
    return 201, _detail(saved)


@router.get("/democracy/contracts/{contract_id}/coverage", response=list[schemas.CoverageOut])
@paginate(CappedPagination, page_size=100)
def contract_coverage(request, contract_id: int):
    return queries.coverage_of(queries.contract_get(user=request.user, pk=contract_id))


add_action_endpoint(
    router, "/democracy/contracts/{pk}/actions", CONTRACT_WORKFLOW, schemas.ContractOut
)


# ---- the establishment rates ---------------------------------------------------------------


def _rate_filters(user, filters) -> dict:
    return queries.rate_page_filters(user, {k: v for k, v in filters.dict().items() if v})


@router.get("/democracy/contract-rates", response=list[schemas.RateOut])
def contract_rates(request, filters: Query[schemas.RateFilters]):
    """The rate of a kind on a day (default today) in a subtree: the whole, then by ownership."""
    require(request.user, queries.STATS)
    f = _rate_filters(request.user, filters)
    groups = [f["ownership"]] if f["ownership"] else ["", *queries.OWNERSHIP_GROUPS]
    out = []
    for group in groups:
        rate = queries.establishment(
            user=request.user, kind=f["kind"], on=f["on"], org_path=f["org_path"], ownership=group
        )
        out.append(
            {
                "kind": rate.kind,
                "on": rate.on,
                "ownership": group,
                "org": filters.org,
                "numerator": rate.numerator,
                "denominator": rate.denominator,
                "value": rate.value,
            }
        )
    return out


@router.get("/democracy/contract-rates/employers", response=list[schemas.CoverageOut])
@paginate(CappedPagination, page_size=100)
def contract_rate_employers(request, filters: Query[schemas.RateListFilters]):
    """One of the rate's lists: covered (numerator), uncovered, all (denominator)."""
    require(request.user, queries.STATS)
    return queries.rate_list(
        user=request.user, filters={k: v for k, v in filters.dict().items() if v}
    )


# ---- campaigns and offers -----------------------------------------------------------------


@router.get("/democracy/campaigns", response=list[schemas.CampaignOut])
@paginate(CappedPagination, page_size=100)
def list_campaigns(request, year: int | None = None, org: int | None = None):
    require(request.user, queries.VIEW)
    return queries.campaign_list(user=request.user, filters={"year": year, "org": org})


@router.get("/democracy/campaigns/{campaign_id}", response=schemas.CampaignDetailOut)
def get_campaign(request, campaign_id: int):
    campaign = queries.campaign_get(user=request.user, pk=campaign_id)
    campaign.counts = queries.campaign_counts(user=request.user, campaign=campaign)
    return campaign


@router.post("/democracy/campaigns", response={201: schemas.CampaignOut})
def create_campaign(request, payload: schemas.CampaignIn):
    require(request.user, queries.OFFERS)
    data = payload.service_kwargs(request.user)
    return 201, services.campaign_create(actor=request.user, **data)


@router.post("/democracy/campaigns/{campaign_id}/close", response=schemas.CampaignOut)
def close_campaign(request, campaign_id: int, version: int):
    require(request.user, queries.OFFERS)
    campaign = queries.campaign_get(user=request.user, pk=campaign_id)
    return services.campaign_close(actor=request.user, campaign=campaign, version=version)


@router.get("/democracy/campaigns/{campaign_id}/offers", response=list[schemas.OfferOut])
@paginate(CappedPagination, page_size=100)
def list_offers(request, campaign_id: int, answer: str | None = None, outcome: str | None = None):
    campaign = queries.campaign_get(user=request.user, pk=campaign_id)
    filters = {"answer": answer, "outcome": outcome}
    return queries.offers_of(user=request.user, campaign=campaign, filters=filters)


@router.post("/democracy/offers/{offer_id}/answer", response=schemas.OfferOut)
def answer_offer(request, offer_id: int, payload: schemas.AnswerIn):
    require(request.user, queries.OFFERS)
    offer = queries.offer_get(user=request.user, pk=offer_id)
    data = payload.dict()
    data["answer"] = str(payload.answer)
    return services.offer_answer(actor=request.user, offer=offer, **data)


@router.post("/democracy/offers/{offer_id}/outcome", response=schemas.OfferOut)
def outcome_offer(request, offer_id: int, payload: schemas.OutcomeIn):
    require(request.user, queries.OFFERS)
    offer = queries.offer_get(user=request.user, pk=offer_id)
    return services.offer_outcome(
        actor=request.user, offer=offer, **payload.service_kwargs(request.user)
    )
