"""Loads the first article, "L’immunothérapie", word for word from the editorial seed.

The three "À lire aussi" teasers point to draft articles of their titles: no medical content is
invented for them; once an editor writes and publishes them, the teasers appear.
"""

from django.db import migrations
from django.utils.text import slugify

INTRODUCTION = (
    'L’immunothérapie est une approche innovante de la médecine qui consiste à mobiliser le système immunitaire pour lutter contre les maladies, en particulier certains cancers. Contrairement aux traitements classiques qui visent directement les cellules malades, l’immunothérapie agit en stimulant ou en modifiant la réponse immunitaire de l’organisme. Cette stratégie thérapeutique a révolutionné la prise en charge de nombreuses pathologies et suscite aujourd’hui de grands espoirs dans la recherche médicale. Voici un point complet pour comprendre ce qu’est l’immunothérapie, ses principes, ses applications et ses limites.'
)

CONCLUSION = (
    'L’immunothérapie représente une avancée majeure dans le traitement de nombreuses maladies, notamment les cancers. En stimulant les défenses naturelles de l’organisme, elle ouvre des perspectives prometteuses, bien qu’elle ne soit pas encore universellement efficace. Son développement rapide et les progrès de la recherche laissent espérer des thérapies toujours plus ciblées, personnalisées et accessibles dans les années à venir.'
)

TEASER_TITLES = ['Comment guérir les allergies ?', 'Comment prévenir le cancer des ovaires ?', 'Quel est l’ennemi numéro 1 du cancer ?']

# (heading, level, body, index in TEASER_TITLES of the teaser that follows or None)
SECTIONS = [
    ("Qu'est-ce que l'immunothérapie ?", 2, '', None),
    ('Une thérapie qui stimule les défenses naturelles', 3, 'L’immunothérapie repose sur la capacité du système immunitaire à reconnaître et à détruire les cellules anormales. Elle cherche à renforcer cette action naturelle pour améliorer la capacité de l’organisme à se défendre.', None),
    ('Une approche personnalisée', 3, 'Selon les cas, l’immunothérapie peut viser à stimuler l’immunité globale ou à cibler des mécanismes spécifiques, en fonction du type de maladie et des caractéristiques du patient.', 0),
    ('Les différents types d’immunothérapie', 2, '', None),
    ('Les inhibiteurs de points de contrôle immunitaire', 3, 'Ces médicaments bloquent certains freins naturels du système immunitaire, permettant aux cellules immunitaires d’attaquer plus efficacement les cellules cancéreuses.', None),
    ('Les vaccins thérapeutiques', 3, 'Contrairement aux vaccins préventifs, les vaccins thérapeutiques visent à éduquer le système immunitaire pour qu’il reconnaisse et détruise les cellules déjà malades.', None),
    ('Les anticorps monoclonaux', 3, 'Ce sont des protéines spécifiques qui ciblent des antigènes présents à la surface des cellules cancéreuses, aidant ainsi le système immunitaire à les éliminer.', None),
    ('Les thérapies cellulaires (CAR-T cells)', 3, 'Elles consistent à prélever des cellules immunitaires du patient, à les modifier génétiquement en laboratoire pour les rendre plus efficaces, puis à les réinjecter dans l’organisme.', 1),
    ('Les principales indications de l’immunothérapie', 2, '', None),
    ('Les cancers', 3, 'L’immunothérapie est particulièrement utilisée dans le traitement de cancers tels que le mélanome, le cancer du poumon, le cancer du rein et certains lymphomes. Elle est parfois proposée en complément de la chimiothérapie ou de la radiothérapie.', None),
    ('Les maladies auto-immunes et infectieuses', 3, 'Certaines formes d’immunothérapie sont également explorées pour traiter des maladies auto-immunes ou des infections chroniques, en modulant la réponse immunitaire.', 2),
    ('Les avantages de l’immunothérapie', 2, '', None),
    ('Une action ciblée et durable', 3, 'L’immunothérapie peut offrir des réponses durables et parfois spectaculaires, avec une mémoire immunitaire qui continue à protéger l’organisme même après l’arrêt du traitement.', None),
    ("Moins d'effets secondaires classiques", 3, 'Comparée à la chimiothérapie, l’immunothérapie peut entraîner des effets secondaires moins lourds, bien qu’elle puisse aussi provoquer des réactions immunitaires parfois sévères.', None),
    ('Les limites et les défis de l’immunothérapie', 2, '', None),
    ('Une efficacité variable', 3, 'L’immunothérapie ne fonctionne pas chez tous les patients et son efficacité dépend de nombreux facteurs, notamment le type de cancer et le profil génétique du patient.', None),
    ('Des effets secondaires spécifiques', 3, 'Les effets secondaires peuvent inclure des réactions inflammatoires, des troubles endocriniens ou des atteintes auto-immunes, nécessitant une surveillance attentive.', None),
    ('Un coût élevé', 3, 'L’immunothérapie représente un investissement important pour les systèmes de santé et peut ne pas être accessible partout.', None),
    ('L’avenir de l’immunothérapie', 2, '', None),
    ('Des recherches en pleine expansion', 3, 'Les progrès scientifiques permettent de mieux comprendre les mécanismes immunitaires et d’élargir les indications de l’immunothérapie à d’autres maladies.', None),
    ('Vers des traitements combinés', 3, 'De nombreuses études explorent l’association de l’immunothérapie avec d’autres traitements (chimiothérapie, radiothérapie, thérapies ciblées) pour améliorer son efficacité.', None),
]


def load_seed(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Section = apps.get_model("articles", "Section")
    targets = [
        Article.objects.get_or_create(slug=slugify(title), defaults={"title": title, "status": "draft"})[0]
        for title in TEASER_TITLES
    ]
    article = Article.objects.create(
        title="L’immunothérapie",
        slug="immunotherapie",
        introduction=INTRODUCTION,
        conclusion=CONCLUSION,
        status="published",
    )
    Section.objects.bulk_create(
        Section(
            article=article,
            position=position,
            heading=heading,
            level=level,
            body=body,
            read_also=None if teaser is None else targets[teaser],
        )
        for position, (heading, level, body, teaser) in enumerate(SECTIONS, start=1)
    )


def unload_seed(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(slug__in=["immunotherapie", *(slugify(t) for t in TEASER_TITLES)]).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(load_seed, unload_seed)]
