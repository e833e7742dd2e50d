"""French stop words, folded (no accents, lower case): words that say nothing about a resource.

Articles, prepositions, pronouns, determiners, conjunctions, the elided forms ("l'", "qu'"),
and the forms of "être" and "avoir" that only serve as auxiliaries. Deliberately kept out,
because teachers search with them: "été" (the season), "être" ("bien-être"), "plus", "avant",
"après", "jeu", "classe", numbers and level names ("cp", "ce1").
"""
from __future__ import annotations

STOP_WORDS = frozenset("""
a au aux d de des du l la le les un une
ai as avaient avais avait avez aviez avions avons ont eu eue eus eut
es est sont suis sommes etes etais etait etaient sera seront serait
c ce ceci cela celle celles celui ceux ces cet cette ci ca
j je m me moi n ne s se t te toi tu y en il ils elle elles on nous vous lui leur leurs eux
mon ma mes ton ta tes son sa ses notre nos votre vos
qu que quel quelle quelles quels qui quoi dont ou
jusqu lorsqu puisqu quoiqu lorsque puisque quoique
et ni mais or donc car si
dans par pour vers avec sous sur chez entre depuis via
pas point non
tout tous toute toutes chaque
aussi tres meme memes autre autres ainsi alors
""".split())
