"""Demo joint statements, one at every stage of the workflow, in several languages.

Fictional texts. Each names its author (a staff member or org admin), the stage it reaches,
the partners invited, the organisations that sign and how their signature appears, and
the decisions and notes on the way. Serbian is stored in one script: the other is
transliterated for its readers.
"""

from __future__ import annotations

STATEMENTS = [
    {
        "author": "nikola@centar-otpornost.example",
        "stage": "published",
        "areas": ["returnees-ftf", "pcve"],
        "invited": ["qendra-ura", "gcbi", "novi-put", "institut-lovcen"],
        "original": "sr-cyrl",
        "texts": {
            "sr-cyrl": (
                "Заједнички став о реинтеграцији повратника са страних ратишта",
                "Повратници са страних ратишта и њихове породице враћају се у заједнице "
                "које за то често нису спремне. Реинтеграција је безбедносно и друштвено "
                "питање истовремено.\n\n"
                "Позивамо владе региона да обезбеде сталне програме у затворима и после "
                "издржане казне, уз учешће локалних самоуправа, школа и центара за "
                "социјални рад.\n\n"
                "Организације цивилног друштва спремне су да деле искуства из Косова, "
                "Босне и Херцеговине и Северне Македоније и да прате спровођење мера.",
            ),
            "sq": (
                "Qëndrim i përbashkët për riintegrimin e të kthyerve nga zonat e luftës",
                "Të kthyerit nga zonat e huaja të luftës dhe familjet e tyre kthehen në "
                "komunitete që shpesh nuk janë të përgatitura. Riintegrimi është njëkohësisht "
                "çështje sigurie dhe çështje shoqërore.\n\n"
                "U bëjmë thirrje qeverive të rajonit të sigurojnë programe të qëndrueshme në "
                "burgje dhe pas vuajtjes së dënimit, me pjesëmarrjen e komunave, shkollave "
                "dhe qendrave për punë sociale.\n\n"
                "Organizatat e shoqërisë civile janë të gatshme të ndajnë përvojat nga "
                "Kosova, Bosnja dhe Hercegovina dhe Maqedonia e Veriut dhe të monitorojnë "
                "zbatimin e masave.",
            ),
            "en": (
                "Joint position on the reintegration of returnees from foreign battlefields",
                "Returnees from foreign battlefields and their families come back to "
                "communities that are often not ready for them. Reintegration is a security "
                "matter and a social one at the same time.\n\n"
                "We call on the governments of the region to provide lasting programmes in "
                "prisons and after release, with municipalities, schools and social work "
                "centres taking part.\n\n"
                "Civil-society organisations are ready to share what they learnt in Kosovo, "
                "Bosnia and Herzegovina and North Macedonia, and to monitor how the measures "
                "are carried out.",
            ),
        },
        "signatures": [
            ("jelena@centar-otpornost.example", "by_name"),
            ("arberie@qendra-ura.example", "by_name"),
            ("biljana@gcbi.example", "by_country"),
            ("amra@novi-put.example", "consortium_only"),
        ],
    },
    {
        "author": "driton@qendra-ura.example",
        "stage": "withdrawn",
        "areas": ["salw-control"],
        "invited": ["idrp", "aleanca-grave"],
        "original": "sq",
        "texts": {
            "sq": (
                "Deklaratë për kontrollin e armëve të vogla dhe të lehta",
                "Armët e vogla në duar të paligjshme mbeten kërcënim për sigurinë e "
                "përditshme në rajon.\n\n"
                "Kërkojmë regjistra të përbashkët, shkatërrim të armëve të konfiskuara dhe "
                "fushata për dorëzim vullnetar.",
            ),
            "en": (
                "Declaration on the control of small arms and light weapons",
                "Small arms in illegal hands remain a threat to everyday security in the "
                "region.\n\n"
                "We ask for shared registers, the destruction of seized weapons and "
                "campaigns for voluntary surrender.",
            ),
        },
        "signatures": [
            ("arberie@qendra-ura.example", "by_name"),
            ("erion@idrp.example", "by_name"),
        ],
        "withdrawal": "Zëvendësuar nga deklarata e përbashkët e vitit 2027 / Replaced by the "
        "2027 joint declaration.",
    },
    {
        "author": "aleksandar@gcbi.example",
        "stage": "in_review",
        "areas": ["cyber-security"],
        "invited": ["centar-otpornost", "institut-jadran"],
        "original": "mk",
        "texts": {
            "mk": (
                "Заеднички став за сајбер отпорноста на јавните институции",
                "Нападите врз јавните институции во регионот зачестија во последните две "
                "години.\n\n"
                "Бараме национални тимови за одговор на инциденти со доволно луѓе и "
                "редовни вежби со граѓанското општество.",
            ),
            "hr": (
                "Zajednički stav o kibernetičkoj otpornosti javnih institucija",
                "Napadi na javne institucije u regiji učestali su u posljednje dvije "
                "godine.\n\n"
                "Tražimo nacionalne timove za odgovor na incidente s dovoljno ljudi i "
                "redovite vježbe s civilnim društvom.",
            ),
        },
        "signatures": [
            ("biljana@gcbi.example", "by_name"),
            ("ivana@institut-jadran.example", "by_name"),
        ],
    },
    {
        "author": "tomislav@institut-jadran.example",
        "stage": "changes_requested",
        "areas": ["justice-reform"],
        "invited": ["miep", "novi-put"],
        "original": "hr",
        "texts": {
            "hr": (
                "Zajednički stav o pravosudnoj suradnji u regiji",
                "Pravosudna suradnja u predmetima organiziranog kriminala i dalje je "
                "spora.\n\n"
                "Predlažemo zajedničke istražne timove i razmjenu dokaza u elektroničkom "
                "obliku.",
            ),
        },
        "signatures": [("ivana@institut-jadran.example", "by_name")],
        "request_changes": "Dodajte preporuku o zaštiti svjedoka i skratite drugi odlomak.",
    },
    {
        "author": "dragana@aleanca-grave.example",
        "stage": "draft",
        "areas": ["gender-security", "police-cooperation"],
        "invited": ["qendra-ura"],
        "original": "sr-latn",
        "texts": {
            "sr-latn": (
                "Preporuke za rodno osetljivu reformu policije",
                "Žene su i dalje retke na rukovodećim mestima u policiji.\n\n"
                "Predlažemo mentorske programe i jasne kriterijume za napredovanje.",
            ),
            "sq": (
                "Rekomandime për reformë të policisë të ndjeshme ndaj gjinisë",
                "Gratë janë ende të rralla në pozita drejtuese në polici.\n\n"
                "Propozojmë programe mentorimi dhe kritere të qarta për ngritje në detyrë.",
            ),
        },
        # A later save changes the original's second paragraph: the Albanian one is outdated.
        "revise": (
            "Preporuke za rodno osetljivu reformu policije",
            "Žene su i dalje retke na rukovodećim mestima u policiji.\n\n"
            "Predlažemo mentorske programe, jasne kriterijume za napredovanje i godišnji "
            "izveštaj o napretku.",
        ),
        "comments": [
            ("arberie@qendra-ura.example", 1, "A mund të shtojmë një afat për raportin vjetor?"),
        ],
        "signatures": [],
    },
    {
        "author": "emir@novi-put.example",
        "stage": "scheduled",
        "areas": ["pcve", "disinformation-hybrid-threats"],
        "invited": ["institut-lovcen"],
        "original": "bs",
        "texts": {
            "bs": (
                "Zajednički stav o sprječavanju nasilnog ekstremizma na internetu",
                "Regrutacija za nasilne grupe sve se više odvija na internetu.\n\n"
                "Pozivamo platforme i institucije da zajedno s civilnim društvom razviju "
                "brze i transparentne postupke prijave.",
            ),
            "cnr": (
                "Zajednički stav o sprječavanju nasilnog ekstremizma na internetu",
                "Regrutacija za nasilne grupe sve se više odvija na internetu.\n\n"
                "Pozivamo platforme i institucije da zajedno s civilnim društvom razviju "
                "brze i transparentne postupke prijave.",
            ),
        },
        "signatures": [
            ("amra@novi-put.example", "by_name"),
            ("vesna@institut-lovcen.example", "by_country"),
        ],
    },
    {
        "author": "anisa@idrp.example",
        "stage": "rejected",
        "areas": ["border-security"],
        "invited": [],
        "original": "en",
        "texts": {
            "en": (
                "Position on border security cooperation",
                "Border police cooperation works best when the data exchanged is "
                "limited to what each case needs.",
            ),
        },
        "signatures": [("erion@idrp.example", "by_name")],
        "reject": "The consortium adopted a position on this in 2025; add to it instead.",
    },
]
