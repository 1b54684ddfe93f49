"""The kg ontology's terms; `ontology/kg.ttl` is the source of truth and a test
checks that every term here is defined there (and the other way round)."""
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

ONTOLOGY_IRI = "https://w3id.org/kg-cn-lg/ontology"
DEFAULT_BASE = "https://w3id.org/kg-cn-lg/id/"


class KG(DefinedNamespace):
    """Classes and properties of the kg ontology."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    NamedEntity: URIRef
    AdministrativeArea: URIRef
    County: URIRef
    Place: URIRef
    Official: URIRef
    Law: URIRef
    Programme: URIRef
    Slogan: URIRef
    Membership: URIRef
    Body: URIRef
    Inspection: URIRef
    LawInspection: URIRef
    PlannedInspection: URIRef
    Report: URIRef
    Span: URIRef
    Sentence: URIRef
    Mention: URIRef
    Assertion: URIRef

    holdsPost: URIRef
    inspectedLaw: URIRef
    plansInspection: URIRef
    partOf: URIRef
    mentions: URIRef
    reportCounty: URIRef
    speaker: URIRef
    postIn: URIRef
    bodyOf: URIRef
    covers: URIRef
    inspectingCounty: URIRef
    lawInspected: URIRef
    during: URIRef
    inReport: URIRef
    denotes: URIRef

    divisionCode: URIRef
    level: URIRef
    role: URIRef
    bodyKind: URIRef
    year: URIRef
    title: URIRef
    reportKind: URIRef
    date: URIRef
    session: URIRef
    speakerRole: URIRef
    fileName: URIRef
    startOffset: URIRef
    endOffset: URIRef
    surface: URIRef
    sentence: URIRef
    standingCommitteeMeetings: URIRef
    directorMeetings: URIRef
    workReportsReviewed: URIRef
    lawInspections: URIRef
    resolutions: URIRef
    appointments: URIRef
    deputySuggestions: URIRef


STATISTIC_PROPERTIES = {
    "standing_committee_meetings": KG.standingCommitteeMeetings,
    "director_meetings": KG.directorMeetings,
    "work_reports_reviewed": KG.workReportsReviewed,
    "law_inspections": KG.lawInspections,
    "resolutions": KG.resolutions,
    "appointments": KG.appointments,
    "deputy_suggestions": KG.deputySuggestions,
}
