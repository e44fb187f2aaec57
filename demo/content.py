"""The demo site's content: one real article and clearly marked sample material."""

from datetime import UTC, datetime

SAMPLE_NOTE = "Sample profile: an illustrative expert for the demo site, not a real person."
SAMPLE_ARTICLE_NOTE = "<p><em>Sample article written for the demo site.</em></p>"


def at(year, month, day, hour=9):
    return datetime(year, month, day, hour, 0, tzinfo=UTC)


REGIONS = [
    (
        "North Africa",
        "north-africa",
        "Libya, Egypt, Tunisia, Algeria and Morocco: conflict, "
        "reconstruction and the security of the southern Mediterranean.",
    ),
    (
        "South Asia",
        "south-asia",
        "Pakistan, India, Afghanistan and their neighbours: "
        "deterrence, counter-terrorism and regional diplomacy.",
    ),
    (
        "Middle East",
        "middle-east",
        "The Levant, Iran and the Arabian Peninsula: rivalries, "
        "alliances and the wars that shape them.",
    ),
    (
        "Sahel",
        "sahel",
        "Mali, Niger, Burkina Faso and Chad: insurgency, coups and the "
        "retreat of Western partners.",
    ),
    ("Gulf", "gulf", "The Gulf monarchies as investors, arms buyers and mediators."),
]

TOPICS = [
    (
        "Defence cooperation",
        "defence-cooperation",
        "Training, joint exercises and the agreements that bind armed forces together.",
    ),
    (
        "Counter-terrorism",
        "counter-terrorism",
        "How states confront armed groups, and what works when they do.",
    ),
    (
        "Military diplomacy",
        "military-diplomacy",
        "Generals as envoys: visits, honours and the messages armed forces send abroad.",
    ),
    (
        "Defence industry",
        "defence-industry",
        "Arms production, exports and the industrial partnerships behind them.",
    ),
    (
        "Civil conflict",
        "civil-conflict",
        "Wars within states, their factions and the paths out of them.",
    ),
    ("Energy security", "energy-security", "Oil, gas and the routes that carry them."),
    ("Maritime security", "maritime-security", "Sea lanes, navies and piracy."),
]

PEOPLE = [
    {
        "slug": "amina-rahman",
        "name": "Dr Amina Rahman",
        "role": "Senior Fellow, Security Programme",
        "kind": "fellow",
        "sort_order": 10,
        "short_bio": f"{SAMPLE_NOTE} Works on South Asian defence policy and military diplomacy.",
        "bio": "<p>Amina Rahman leads the Security Programme's work on South Asian defence "
        "policy. Before joining, she spent a decade as a correspondent in Islamabad and "
        "Kabul.</p><p>She holds a doctorate in war studies.</p>",
        "expertise": ["defence-cooperation", "military-diplomacy", "counter-terrorism"],
        "media_email": "press@example.org",
        "links": [
            ("Google Scholar", "https://scholar.example.org/amina-rahman"),
            ("ORCID", "https://orcid.org/0000-0002-1825-0097"),
            ("Bluesky", "https://bsky.app/profile/amina-rahman.example.org"),
        ],
        "regions": ["south-asia", "north-africa"],
        "languages": "English, Urdu, Pashto",
        "phone": "+44 20 7946 0018",
    },
    {
        "slug": "leila-benali",
        "name": "Dr Leila Benali",
        "role": "Non-resident Fellow, North Africa",
        "kind": "non_resident_fellow",
        "sort_order": 20,
        "short_bio": f"{SAMPLE_NOTE} Writes on Libya's divided institutions and the "
        "foreign powers around them.",
        "bio": "<p>Leila Benali researches civil conflict and reconstruction in Libya and "
        "Tunisia, with a focus on armed factions and their external backers.</p>",
        "expertise": ["civil-conflict", "energy-security"],
        "media_email": "",
        "links": [("LinkedIn", "https://www.linkedin.com/in/leila-benali-example")],
        "regions": ["north-africa", "sahel"],
        "languages": "Arabic, French, English",
        "phone": "",
    },
    {
        "slug": "tariq-mehmood",
        "name": "Tariq Mehmood",
        "role": "Director of Research",
        "kind": "staff",
        "sort_order": 5,
        "short_bio": f"{SAMPLE_NOTE} Oversees the research programme and its publications.",
        "bio": "<p>Tariq Mehmood directs the research programme. He previously worked on "
        "arms-control verification.</p>",
        "expertise": ["defence-industry", "defence-cooperation"],
        "media_email": "press@example.org",
        "links": [("Personal website", "https://tariq-mehmood.example.org/")],
        "regions": ["south-asia", "gulf"],
        "languages": "English, Urdu, Punjabi",
        "phone": "+44 20 7946 0020",
    },
    {
        "slug": "sarah-whitcombe",
        "name": "Sarah Whitcombe",
        "role": "Fellow, Maritime Security",
        "kind": "fellow",
        "sort_order": 30,
        "short_bio": f"{SAMPLE_NOTE} Studies navies and sea lanes from the Red Sea to the "
        "Arabian Sea.",
        "bio": "<p>Sarah Whitcombe studies maritime security in the western Indian Ocean.</p>",
        "expertise": ["maritime-security", "energy-security"],
        "media_email": "",
        "links": [],
        "regions": ["gulf", "middle-east"],
        "languages": "English, Arabic",
        "phone": "",
    },
    {
        "slug": "farid-qasim",
        "name": "Farid Qasim",
        "role": "Member of the Board",
        "kind": "board",
        "sort_order": 50,
        "short_bio": f"{SAMPLE_NOTE} A retired diplomat who chairs the board.",
        "bio": "<p>Farid Qasim served thirty years in his country's foreign service.</p>",
        "expertise": ["military-diplomacy"],
        "media_email": "",
        "links": [],
        "regions": [],
        "languages": "English, Dari, Persian",
        "phone": "",
    },
]

DEMO_ARTICLE = {
    "slug": "pakistan-libya-defence-ties",
    "title": "Haftar at GHQ: Pakistan and Libya Renew Their Defence Ties",
    "kind": "analysis",
    "summary": "Lieutenant General Saddam Haftar's visit to Rawalpindi on 18 July 2025 "
    "signals a return to structured military cooperation between Pakistan and Libya, "
    "from training and counter-terrorism to defence production.",
    "published_at": at(2025, 7, 18),
    "featured": True,
    "authors": ["amina-rahman", "leila-benali"],
    "topics": [
        "defence-cooperation",
        "counter-terrorism",
        "military-diplomacy",
        "defence-industry",
    ],
    "regions": ["north-africa", "south-asia"],
    "hero_alt": "Abstract placeholder banner in red and navy diagonal bands.",
    "hero_caption": "A placeholder drawn for the demo site; editors replace it in the admin.",
    "hero_credit": "Thinktank demo",
}


def _sample(paragraphs):
    return "".join(paragraphs) + SAMPLE_ARTICLE_NOTE


SAMPLE_ARTICLES = [
    {
        "slug": "sahel-after-the-withdrawals",
        "title": "The Sahel After the Withdrawals: Who Fills the Security Gap?",
        "kind": "report",
        "summary": "With Western forces gone from Mali and Niger, new partners are "
        "offering training and equipment. This report maps who they are and what they want.",
        "published_at": at(2026, 10, 2),
        "featured": True,  # the newest featured piece leads the home page
        "authors": ["leila-benali", "tariq-mehmood"],
        "topics": ["counter-terrorism", "defence-cooperation", "civil-conflict"],
        "regions": ["sahel", "north-africa"],
        "body": _sample(
            [
                "<p>The departure of French and American troops from the central Sahel has not "
                "left a vacuum so much as a crowded marketplace of security partners.</p>",
                "<h2>A changing cast</h2>",
                "<p>Russian contractors, Turkish drone sellers and Gulf financiers now compete "
                "for influence with governments that came to power in coups.</p>",
                "<h2>What the juntas want</h2>",
                "<p>Regime survival comes first; counter-insurgency results second. Partners "
                "who ask few questions are preferred.</p>",
                "<h3>Training without conditions</h3>",
                "<p>Offers of training rarely come with human-rights vetting.</p>",
                "<h2>Recommendations</h2>",
                "<ul><li>Keep humanitarian access separate from security assistance.</li>"
                "<li>Support regional early-warning mechanisms.</li></ul>",
            ]
        ),
        "hero": True,
        "pdf": True,
    },
    {
        "slug": "red-sea-shipping-insurance",
        "title": "Red Sea Shipping: Insurance Is the Real Battleground",
        "kind": "commentary",
        "summary": "Attacks on merchant ships are measured in war-risk premiums as much as "
        "in damage. Navies cannot escort their way out of it.",
        "published_at": at(2026, 9, 14),
        "featured": False,
        "authors": ["sarah-whitcombe"],
        "topics": ["maritime-security", "energy-security"],
        "regions": ["middle-east", "gulf"],
        "body": _sample(
            [
                "<p>Every missile fired at a tanker in the Red Sea is also a bill sent to the "
                "insurance market in London.</p>",
                "<h2>Premiums as policy</h2>",
                "<p>War-risk premiums have at times exceeded one per cent of a hull's value per "
                "transit, enough to send ships around the Cape.</p>",
                "<h2>The limits of escorts</h2>",
                "<blockquote><p>Convoys reassure crews; they do not reassure underwriters.</p>"
                "</blockquote>",
            ]
        ),
        "hero": False,
    },
    {
        "slug": "pakistan-defence-exports-brief",
        "title": "Pakistan's Defence Exports: Opportunities and Limits",
        "kind": "policy_brief",
        "summary": "Pakistan wants to turn its arms industry into an export earner. "
        "Five recommendations for doing so without feeding instability.",
        "published_at": at(2026, 6, 3),
        "featured": False,
        "authors": ["tariq-mehmood", "amina-rahman"],
        "topics": ["defence-industry", "defence-cooperation"],
        "regions": ["south-asia", "gulf"],
        "body": _sample(
            [
                "<p>Pakistan Ordnance Factories and Heavy Industries Taxila have grown into "
                "capable producers of small arms, armour upgrades and trainer aircraft.</p>",
                "<h2>Where the buyers are</h2>",
                "<p>Gulf states, African armies and Central Asian republics are the likeliest "
                "customers.</p>",
                "<h2>Recommendations</h2>",
                "<ol><li>Publish an annual export report.</li><li>Adopt end-use monitoring."
                "</li><li>Tie training packages to professional-military-education standards."
                "</li></ol>",
            ]
        ),
        "hero": True,
    },
    {
        "slug": "libya-oil-crescent-stalemate",
        "title": "Libya's Oil Crescent and the Politics of Stalemate",
        "kind": "analysis",
        "summary": "Control of Libya's oil terminals gives eastern commanders leverage over "
        "Tripoli. Why neither side can afford to win outright.",
        "published_at": at(2026, 3, 21),
        "featured": False,
        "authors": ["leila-benali"],
        "topics": ["civil-conflict", "energy-security"],
        "regions": ["north-africa"],
        "body": _sample(
            [
                "<p>Libya's oil crescent, the stretch of coast between Sirte and Ras Lanuf, "
                "has changed hands more often than any other part of the country.</p>",
                "<h2>Oil as leverage</h2>",
                "<p>Shutting the terminals is the eastern camp's most effective bargaining "
                "chip.</p>",
                "<h2>Why stalemate suits both sides</h2>",
                "<p>Revenue-sharing arrangements give both governments a stake in the "
                "status quo.</p>",
            ]
        ),
        "hero": False,
    },
    {
        "slug": "new-security-programme-director",
        "title": "Security Programme Launches Series on Military Diplomacy",
        "kind": "news",
        "summary": "A year-long series will examine how armed forces conduct diplomacy, "
        "beginning with visits between South Asian and North African commanders.",
        "published_at": at(2025, 9, 1),
        "featured": False,
        "authors": ["amina-rahman"],
        "topics": ["military-diplomacy"],
        "regions": ["south-asia", "north-africa"],
        "body": _sample(
            [
                "<p>The Security Programme today launched a series on military diplomacy.</p>",
                "<h2>What the series covers</h2>",
                "<p>Staff visits, honours, training slots and the quiet deals that follow "
                "them.</p>",
            ]
        ),
        "hero": False,
    },
]

# A draft, so editors see one in the admin; readers never see it.
DRAFT_ARTICLE = {
    "slug": "gulf-mediation-draft",
    "title": "Gulf Mediation in Sudan: A First Look",
    "kind": "commentary",
    "summary": "Work in progress: what Gulf mediators can and cannot offer the warring "
    "parties in Sudan.",
    "authors": ["farid-qasim"],
    "topics": ["military-diplomacy", "civil-conflict"],
    "regions": ["gulf"],
    "body": _sample(["<p>Draft text.</p>", "<h2>Outline</h2>", "<p>To follow.</p>"]),
}

UPDATES = [
    {
        "author": "amina-rahman",
        "published_at": at(2026, 11, 20, 14),
        "body": "Testified before the parliamentary defence committee on training "
        "partnerships with North African armed forces. Written evidence is online.",
        "link": "https://www.example.org/committee/evidence",
        "topics": ["defence-cooperation"],
    },
    {
        "author": "tariq-mehmood",
        "published_at": at(2026, 10, 2, 10),
        "body": "New report out today: The Sahel After the Withdrawals maps the security "
        "partners moving into Mali and Niger.",
        "link": "",
        "topics": ["counter-terrorism"],
    },
    {
        "author": "sarah-whitcombe",
        "published_at": at(2026, 9, 15, 8),
        "body": "Spoke to BBC World Service about war-risk insurance in the Red Sea. "
        "Listen again: https://www.example.org/radio/red-sea",
        "link": "",
        "topics": ["maritime-security"],
    },
    {
        "author": "leila-benali",
        "published_at": at(2026, 7, 30, 12),
        "body": "Back from Benghazi and Tripoli. A longer piece on the oil crescent "
        "follows; first impressions in this thread.",
        "link": "https://www.example.org/thread",
        "topics": ["civil-conflict"],
    },
    {
        "author": "tariq-mehmood",
        "published_at": at(2025, 7, 19, 9),
        "body": "Our analysis of General Haftar's visit to GHQ Rawalpindi is now online.",
        "link": "",
        "topics": ["military-diplomacy"],
    },
]

SERIES = {
    "slug": "new-security-partnerships",
    "title": "New Security Partnerships",
    "description": "How mid-sized powers are building defence ties outside the old alliances, "
    "read in order.",
    "articles": [
        "pakistan-libya-defence-ties",
        "sahel-after-the-withdrawals",
        "pakistan-defence-exports-brief",
    ],
}
