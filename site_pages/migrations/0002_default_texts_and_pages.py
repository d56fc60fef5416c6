"""The site's texts and its three pages as a new site starts with them.

The passages in bold between brackets that start with « À compléter » are the publisher's to
fill in (name, addresses, host): the law requires them and nobody else can know them. The facts
about readers' opinions follow feedback/ as it is: what a post stores, the `avis_envoyes` cookie,
the keyed hash of the address and how long each is kept (FEEDBACK_RATE_LIMIT,
FEEDBACK_RATE_WINDOW, FEEDBACK_DUPLICATE_WINDOW at their defaults, `purge_feedback --older-than 365`).
"""

from django.db import migrations

from site_pages.rendering import render_page

SITE_NAME = "Infos santé"
PUBLISHER = "[À compléter : nom de l’éditeur]"
DISCLAIMER = "Ces informations ne remplacent pas l’avis d’un professionnel de santé."
URGENCY = "En cas d’urgence, appelez le 15 ou le 112"

ABOUT = """\
Infos santé publie des articles de santé écrits pour les patients et leurs proches : des textes clairs, vérifiés par un professionnel de santé avant d’être publiés et mis à jour quand les connaissances évoluent.

## Qui publie ce site

Le site est publié par **[À compléter : nom de l’éditeur]**. Les coordonnées de l’éditeur, du directeur de la publication et de l’hébergeur figurent dans les [mentions légales](/mentions-legales/).

Pour nous écrire : **[À compléter : adresse e-mail de contact]**.

## Notre politique éditoriale

- Nos articles donnent une information générale. Ils ne remplacent pas une consultation et ne permettent ni de poser un diagnostic ni de choisir un traitement.
- Nous expliquons ce qui est établi, nous signalons ce qui fait encore l’objet de recherches et nous disons quand un traitement ne convient pas à tout le monde.
- Le site ne contient aucune publicité. Aucun article n’est écrit à la demande d’une entreprise ni payé par elle.
- Chaque article indique sa date de publication et, après une modification importante, sa date de mise à jour. La rubrique « Historique des mises à jour », en bas de l’article, dit ce qui a changé.

## Comment nos articles sont écrits et relus

1. Un rédacteur écrit l’article, ou le modifie, puis le soumet à la relecture.
2. Un relecteur médical, professionnel de santé, vérifie le texte. Il l’approuve ou demande des modifications au rédacteur.
3. Rien n’est publié sans cette approbation : tant qu’elle manque, les lecteurs continuent de voir la version déjà publiée.
4. Règle des « quatre yeux » : personne ne peut approuver une version qu’il a lui-même modifiée depuis la dernière publication. Chaque changement est donc relu par quelqu’un d’autre que son auteur.

Chaque version de l’article et chaque décision (soumission, approbation, demande de modifications) sont enregistrées, avec leur date et leur auteur.

## Liens d’intérêts

Les personnes qui écrivent et relisent nos articles déclarent leurs liens d’intérêts, par exemple avec un laboratoire pharmaceutique ou un fabricant de dispositifs médicaux. Une personne qui a un lien d’intérêts avec le sujet d’un article ne relit pas cet article.

**[À compléter : les déclarations de liens d’intérêts de l’équipe, ou « Aucun lien d’intérêts déclaré ».]**

## Signaler une erreur

Vous pensez qu’un article contient une erreur ou une information dépassée ? Dites-le-nous avec le formulaire « Donnez-nous votre avis ! » en bas de l’article : l’équipe éditoriale lit chaque message. Vous pouvez aussi nous écrire à **[À compléter : adresse e-mail de contact]**. Une correction est relue par un relecteur médical avant d’être publiée, comme toute modification.

Le formulaire ne nous permet pas de vous répondre : n’y écrivez ni votre nom, ni vos coordonnées, ni des détails sur votre santé.
"""

LEGAL = """\
Les passages en gras entre crochets sont à remplir par l’éditeur avant l’ouverture du site au public : la loi n° 2004-575 du 21 juin 2004 pour la confiance dans l’économie numérique (LCEN) exige ces informations.

## Éditeur du site

- Nom ou raison sociale : **[À compléter]**
- Forme juridique et montant du capital social (pour une société) : **[À compléter]**
- Adresse : **[À compléter]**
- Téléphone : **[À compléter]**
- Adresse e-mail : **[À compléter]**
- Numéro d’inscription au registre du commerce et des sociétés ou au répertoire des métiers, ou numéro SIREN : **[À compléter]**
- Numéro de TVA intracommunautaire, le cas échéant : **[À compléter]**

## Directeur de la publication

**[À compléter : nom et qualité du directeur ou de la directrice de la publication]**

## Hébergeur

- Nom ou raison sociale : **[À compléter]**
- Adresse : **[À compléter]**
- Téléphone : **[À compléter]**

## Contact

Pour toute question sur le site : **[À compléter : adresse e-mail de contact]**. Pour signaler une erreur dans un article, vous pouvez aussi utiliser le formulaire « Donnez-nous votre avis ! » en bas de chaque article.

## Propriété intellectuelle

Les textes de ce site sont protégés par le droit d’auteur. Vous pouvez en citer de courts extraits en indiquant la source ; toute autre reproduction demande l’accord écrit de l’éditeur.

## Données personnelles

Ce que le site enregistre quand vous donnez votre avis, et comment exercer vos droits, est expliqué dans la [politique de confidentialité](/confidentialite/).
"""

PRIVACY = """\
Cette page explique ce que le site enregistre quand vous le lisez et quand vous donnez votre avis sur un article, pourquoi, pour combien de temps, et comment exercer vos droits. Le responsable de ces traitements est l’éditeur du site, présenté dans les [mentions légales](/mentions-legales/).

## En bref

- Vous pouvez lire tout le site sans compte et sans rien nous dire de vous.
- Pas de publicité, pas de mesure d’audience, pas de cookie d’un autre site.
- Si vous donnez votre avis, nous gardons votre note, votre commentaire et la date d’envoi, mais pas votre adresse IP.

## Quand vous lisez un article

Le site ne dépose aucun cookie tant que vous ne faites que lire. Il n’utilise aucun outil de mesure d’audience ni bouton de réseau social, et ne charge rien depuis un autre site.

Comme tout serveur web, celui qui héberge le site tient un journal technique des connexions (adresse IP, page demandée, date et heure), qui sert à la sécurité et au bon fonctionnement du site. Durée de conservation de ce journal : **[À compléter par l’éditeur, avec l’hébergeur]**.

## Quand vous donnez votre avis

Le formulaire « Donnez-nous votre avis ! », en bas de chaque article, est facultatif. Il n’y a pas de compte à créer ; nous ne demandons ni votre nom ni votre adresse e-mail.

**Ce que nous gardons**, pour améliorer nos articles :

- l’article concerné ;
- votre note, de 1 à 5 ;
- votre commentaire, si vous en écrivez un (1 000 caractères au plus), tel que vous l’avez écrit ;
- la date et l’heure de l’envoi.

L’équipe éditoriale y ajoute, pour son suivi, un statut (nouveau, traité ou ignoré) et parfois une note interne. Un envoi qui semble automatique, ou qui répète le précédent, est marqué comme indésirable.

**Ce que nous ne gardons pas** : votre adresse IP, votre navigateur et son logiciel, tout identifiant. Les commentaires ne sont jamais publiés sur le site : seule l’équipe éditoriale les lit.

**Un cookie, seulement après l’envoi.** Une fois votre avis envoyé, le site dépose un cookie nommé `avis_envoyes` : la liste des articles que vous avez déjà notés, signée pour qu’elle ne puisse pas être falsifiée. Il sert à vous afficher le remerciement plutôt que le formulaire, et à rien d’autre. Il s’efface quand vous fermez votre navigateur.

**Contre les envois abusifs.** Pour limiter les envois à 10 toutes les 10 minutes par personne, le site compte vos envois sous une empreinte de votre adresse IP calculée avec une clé secrète (un HMAC) : l’adresse elle-même n’est pas enregistrée. Ce compte ne sert que pendant ces 10 minutes, puis il est effacé. Pour repérer un même commentaire envoyé deux fois, le site garde aussi pendant une heure cette empreinte avec une empreinte de votre dernier commentaire sur l’article (une suite de caractères d’où l’on ne peut pas retrouver le texte). Les envois refusés sont seulement comptés, par jour et par motif, sans rien garder de leur contenu.

## Des informations de santé dans les commentaires

Un commentaire peut révéler des informations sur votre santé ou sur celle d’un proche : ce sont des données sensibles. N’y écrivez donc ni votre nom, ni votre adresse e-mail, ni votre numéro de téléphone, ni votre numéro de sécurité sociale, ni rien qui permette de vous reconnaître.

Si un commentaire en contient malgré tout, le site repère les adresses e-mail, les numéros de téléphone français et les numéros de sécurité sociale, et l’équipe éditoriale les voit masqués, dans l’espace d’administration comme dans ses exports. Elle ne les affiche que si elle en a besoin, par exemple pour retrouver un commentaire que son auteur nous demande de supprimer.

## Combien de temps

- Votre avis (article, note, commentaire, date) : un an, puis il est supprimé.
- L’empreinte de votre adresse et le nombre de vos envois : 10 minutes.
- L’empreinte de votre dernier commentaire : une heure.
- Le cookie `avis_envoyes` : jusqu’à la fermeture de votre navigateur.

## Qui y a accès

Seule l’équipe éditoriale du site (rédacteurs et relecteurs médicaux) lit les avis, avec un compte personnel protégé par un mot de passe. Ils ne sont ni vendus, ni transmis à d’autres, ni utilisés à des fins commerciales. L’hébergeur du site les conserve pour notre compte : **[À compléter : nom de l’hébergeur et pays où les données sont stockées]**.

Nous traitons votre avis parce que vous avez choisi de nous l’envoyer, pour améliorer nos articles : c’est notre intérêt légitime au sens de l’article 6 du règlement général sur la protection des données (RGPD).

## Vos droits

Vous pouvez demander à consulter votre avis, à le faire corriger ou supprimer, ou vous opposer à son utilisation. Nous ne savons pas qui a écrit quel avis : pour que nous retrouvions le vôtre, indiquez l’article, le jour et l’heure approximative de l’envoi, la note et, si possible, le début du commentaire. Écrivez à **[À compléter : adresse e-mail de contact pour les données personnelles]**. Nous répondons dans un délai d’un mois.

Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la Commission nationale de l’informatique et des libertés (CNIL) : [www.cnil.fr/fr/plaintes](https://www.cnil.fr/fr/plaintes).

## L’équipe éditoriale

Les membres de l’équipe qui se connectent à l’espace d’administration reçoivent un cookie de session, effacé à la fermeture du navigateur, et un cookie de protection des formulaires. Les connexions et les tentatives échouées sont enregistrées avec leur adresse IP, pour bloquer quiconque essaie de deviner un mot de passe. Cela ne concerne pas les lecteurs.
"""

# (title, slug, footer position, body)
PAGES = [
    ("Qui sommes-nous", "a-propos", 1, ABOUT),
    ("Mentions légales", "mentions-legales", 2, LEGAL),
    ("Politique de confidentialité", "confidentialite", 3, PRIVACY),
]


def create_defaults(apps, schema_editor):
    SiteTexts = apps.get_model("site_pages", "SiteTexts")
    SitePage = apps.get_model("site_pages", "SitePage")
    SiteTexts.objects.get_or_create(
        pk=1, defaults={"site_name": SITE_NAME, "publisher": PUBLISHER, "disclaimer": DISCLAIMER, "urgency": URGENCY}
    )
    for title, slug, position, body in PAGES:
        SitePage.objects.get_or_create(
            slug=slug,
            defaults={"title": title, "footer_position": position, "body": body, "body_html": render_page(body)},
        )


def remove_defaults(apps, schema_editor):
    apps.get_model("site_pages", "SitePage").objects.filter(slug__in=[slug for _, slug, _, _ in PAGES]).delete()
    apps.get_model("site_pages", "SiteTexts").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("site_pages", "0001_site_texts_and_pages")]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
