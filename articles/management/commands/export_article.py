"""`manage.py export_article SLUG`: an article as a Markdown file, to edit it outside the site or
bring it to another one with `import_article`. The format is described in articles.article_file
and, for editors, in the help below (`manage.py export_article --help`)."""

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

from articles import article_file, exchange

FORMAT = """\
Le fichier (UTF-8) :

  ---
  title: L’immunothérapie
  slug: immunotherapie
  description: 'L’immunothérapie : comment elle aide le corps à combattre le cancer.'
  authors:
  - claire-martin
  - jean-dupont
  topics:
  - cancers
  - traitements
  ---

  L’introduction.

  ## Titre d’une section (H2)
  <!-- clé : 0f8c3b1e-5a4d-4c1e-9a52-6f0d2b7c9e31 -->

  ### Titre d’une sous-section (H3)
  <!-- clé : 9a1b77d2-0c3e-4f5a-8b6d-1e2f3a4b5c6d -->

  Le texte de la sous-section.

  <!-- À lire aussi : comment-guerir-les-allergies -->

  <!-- Conclusion -->

  La conclusion.

  <!-- Sources -->

  1. Calendrier des vaccinations 2024
     - organisme : Ministère de la santé
     - adresse : https://sante.gouv.fr/calendrier-vaccinal
     - publiée le : 2024-04-02
     - consultée le : 2024-11-12
     <!-- clé : 6b0d2e71-3c4f-4a8e-9d1b-2f5e7a9c0b13 -->

L’en-tête entre les deux lignes « --- » donne le titre, l’adresse (slug) et, s’il y en a,
la description pour les moteurs de recherche (une ligne, 160 caractères au plus, entre
guillemets si elle contient « : »), les auteurs (l’adresse de leur page, /auteurs/<adresse>/)
et les thématiques (/themes/<adresse>/ ; la première est celle du fil d’Ariane), chaque liste
dans l’ordre, un élément par ligne ou [a, b] sur une ligne. Description ou liste absente
ou vide : l’article n’en a pas. Une ligne qui commence par « ## » ou « ### » ouvre une
section ; ses lignes « <!-- … --> » donnent sa clé (ce qui la fait reconnaître à l’import,
même déplacée) et l’adresse de l’article « À lire aussi » présenté après elle.
« <!-- Conclusion --> », qui n’est pas un titre, suit la dernière section.
« <!-- Sources --> », s’il y a des sources, termine le fichier : une source par numéro, dans
l’ordre que citent les [^1], [^2]… du texte, dates en AAAA-MM-JJ, chaque détail facultatif
sauf le titre. Une ligne de texte qui se lirait comme un titre (« ## … ») ou un commentaire
(« <!-- ») est écrite précédée d’une barre oblique inverse (« \\## … »), que
l’import retire.
"""


class HelpWithLayout(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's help, with the description's line breaks kept: the format is an example."""


class Command(BaseCommand):
    help = (
        "Écrit un article au format Markdown : sa version de travail, ou avec --live la version\n"
        "que les lecteurs voient. import_article relit ce fichier.\n\n" + FORMAT
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> argparse.ArgumentParser:
        return super().create_parser(prog_name, subcommand, formatter_class=HelpWithLayout, **kwargs)

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", metavar="ADRESSE", help="l’adresse (slug) de l’article")
        parser.add_argument("--output", metavar="FICHIER", help="fichier à écrire (par défaut la sortie standard)")
        parser.add_argument("--live", action="store_true", help="la version en ligne plutôt que la version de travail")

    def handle(self, *args, slug: str, output: str | None, live: bool, **options) -> None:
        article = exchange.find_article(slug)
        if article is None:
            raise CommandError(f"Aucun article n’a l’adresse « {slug} ».")
        try:
            text = article_file.write(exchange.export(article, live=live))
        except exchange.ExchangeError as refusal:
            raise CommandError(str(refusal)) from refusal
        if output is None:
            self.stdout.write(text, ending="")
            return
        Path(output).write_text(text, encoding="utf-8", newline="\n")
        self.stdout.write(f"« {article.title} » exporté dans {output}.")
