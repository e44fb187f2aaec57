"""The demo institute's own pages: About (with Governance), Contact, Privacy, Accessibility, Press.

The privacy notice describes what this code really does (checked against the newsletter
app, the settings and the responses' cookies); change it with the code.
"""

SAMPLE_CONTACT_NOTE = (
    "<p><em>Sample contact details for the demo site: the address, numbers and mailboxes "
    "are illustrative.</em></p>"
)

ABOUT = """
<p>We are an independent, non-partisan policy institute based in Islamabad. We study the
security, defence and foreign policy questions that shape Pakistan and its neighbourhood,
from South Asia and the Gulf to North Africa and the Sahel, and we publish what we find
for anyone to read, free of charge.</p>
<h2>What we do</h2>
<p>Our fellows write analysis and commentary on events as they happen, longer reports and
policy briefs for officials and parliamentarians, and series that follow one question over
months. We hold closed round tables under the Chatham House Rule and public events where
anyone can ask a question.</p>
<h2>How we work</h2>
<ul>
<li><strong>Evidence first.</strong> Every report is read by at least two reviewers,
one from outside the institute, before it is published.</li>
<li><strong>Corrections in the open.</strong> When we get something wrong, we correct it
on the page and say what changed and when.</li>
<li><strong>Our authors speak for themselves.</strong> The views in our publications are
their authors', not the institute's.</li>
</ul>
<h2>Independence and funding</h2>
<p>We take no money from political parties, and no funder sees a publication before it
is published or may change a word of it. We list every funder who gives more than
PKR 1 million a year in our annual report, together with what the money was for.</p>
"""

GOVERNANCE = """
<p>The institute is a not-for-profit company limited by guarantee, registered in
Islamabad. A board of seven trustees appoints the director, approves the budget and the
research programme, and meets four times a year.</p>
<h2>The board</h2>
<p>Trustees serve for three years, at most twice. None may hold party office or a post
in government while serving. The board's minutes, with commercial details removed, are
published within three months of each meeting.</p>
<h2>Conflicts of interest</h2>
<p>Trustees, fellows and staff declare their outside roles and paid work every year;
an author with an interest in the subject of a publication says so in it.</p>
"""

CONTACT = (
    SAMPLE_CONTACT_NOTE
    + """
<h2>Visit us</h2>
<p>House 14, Street 22, F-6/2<br>Islamabad 44000<br>Pakistan</p>
<p><a href="https://www.openstreetmap.org/?mlat=33.7294&amp;mlon=73.0747#map=17/33.7294/73.0747">
See the map on OpenStreetMap</a> (an outside site). Our office is open Monday to Friday,
9:00 to 17:00. Please write ahead if you would like to visit: the building has a step-free
entrance and a lift.</p>
<h2>Write or call</h2>
<ul>
<li>General enquiries: <a href="mailto:info@example.org">info@example.org</a></li>
<li>Journalists: <a href="mailto:press@example.org">press@example.org</a>, see
<a href="/press/">Press</a></li>
<li>Telephone: +92 51 000 0000 (Monday to Friday, 9:00 to 17:00 Pakistan time)</li>
</ul>
<h2>Our experts</h2>
<p>Each fellow's profile on the <a href="/people/">experts page</a> gives the subjects
they cover and, where they take them, how to reach them for interviews.</p>
"""
)

PRIVACY = """
<p>This notice says what we keep about you, why, for how long, and how to make us
forget it. It covers this website and our newsletter.</p>
<h2>Reading the site</h2>
<p>Reading our analysis sets no cookies, and we run no analytics, advertising or
tracking scripts. We embed nothing from other companies: our fonts are served from our
own server, maps are plain links, and there are no social media buttons. Recordings of
our events on YouTube (its privacy-enhanced, no-cookie player) or Vimeo load only when
you press play; until then your browser does not contact them. Like every web
server, ours sees your internet address when it answers a request.</p>
<h2>Cookies</h2>
<p>Only pages that carry a form set a cookie:</p>
<ul>
<li>The newsletter sign-up page, event registration forms and the log-in page set
<code>csrftoken</code>, a random
value that proves a form was sent from our own page and not forged by another site. It
says nothing about you, is never read by any script, and lasts a year unless you delete
it.</li>
<li>Staff who log in also get <code>sessionid</code>, which keeps them logged in.</li>
</ul>
<p>Neither is used to follow you around the site or elsewhere, so we do not ask for
consent to them: they are strictly necessary for the forms to work.</p>
<h2>The newsletter</h2>
<p>When you sign up we store:</p>
<ul>
<li>your email address and the topics you chose (none means every topic);</li>
<li>when you signed up, when you confirmed, and when we last sent you a digest;</li>
<li>for each mailing, whether it went to you and whether you unsubscribed from it;</li>
<li>whether mail to you came back undelivered or was reported as spam, so that we stop
sending.</li>
</ul>
<p>We do not ask for your name, and we do not track whether you open our emails or which
links you follow. We never sell or share your address; the email service that delivers
our mail handles it for that purpose only.</p>
<p>To stop floods of sign-ups, we count sign-ups from each internet address for an hour
in a short-lived cache. The count is not stored with your subscription.</p>
<h2>How long we keep it</h2>
<ul>
<li>If you never confirm, your address is deleted automatically once the confirmation
link expires, after 7 days.</li>
<li>While you are subscribed, we keep what is listed above.</li>
<li>When you unsubscribe we keep your address, marked as unsubscribed, only so that we
never write to you again. Ask us and we will delete it altogether.</li>
</ul>
<h2>Registering for an event</h2>
<p>When you register for one of our events we store your name, email address and
organisation, any accessibility needs you tell us about, and where your registration
stands (waiting for confirmation, confirmed, on the waiting list, cancelled). We use
them to run the event: to confirm your place, remind you the day before and an hour
before, tell you if the time or place changes, and print the list at the door.</p>
<p>All of it is deleted automatically 90 days after the event. Every email about an
event carries a link that cancels your registration at once.</p>
<h2>How to unsubscribe</h2>
<p>Every email we send has an unsubscribe link at the foot: one click on its button and
no more mail is sent. Most mail programs also show an "Unsubscribe" button beside our
messages, which does the same.</p>
<h2>Your rights and how to reach us</h2>
<p>You may ask what we hold about you, have it corrected, or have it deleted. Write to
<a href="mailto:privacy@example.org">privacy@example.org</a>; we answer within 30 days.
We follow Pakistan's Prevention of Electronic Crimes Act 2016, and for readers in the
European Union and the United Kingdom, the GDPR.</p>
"""

ACCESSIBILITY = """
<p>We want everyone to be able to read our work, whatever device or assistive technology
they use. This statement covers this website.</p>
<h2>Our standard</h2>
<p>We aim to meet the <a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility
Guidelines (WCAG) 2.2</a> at level AA. The site works without JavaScript and can be used
with a keyboard alone.</p>
<h2>How we test</h2>
<ul>
<li>Every kind of page (the home page, articles, lists, topics, regions, experts,
updates, these pages, the newsletter and log-in forms, and the error pages) is checked
automatically with <strong>axe</strong> before each release; a serious or critical
finding stops the release.</li>
<li>The same pages are checked with the <strong>Nu HTML Checker</strong>, so that
assistive technology receives valid markup.</li>
<li>We go through new pages and forms with the <strong>keyboard alone</strong>, checking
that focus is always visible and moves in reading order.</li>
</ul>
<h2>What we know is not yet right</h2>
<ul>
<li>Some PDF reports are not tagged for screen readers. The article page of each report
gives its findings in HTML; ask us for an accessible version of the full report and we
will send one within 10 working days.</li>
</ul>
<h2>Report a problem</h2>
<p>If something on the site is hard to use, tell us what page and what happened: write to
<a href="mailto:accessibility@example.org">accessibility@example.org</a> or call
+92 51 000 0000. We reply within 5 working days.</p>
<p>This statement was prepared in December 2026 and is reviewed every year.</p>
"""

PRESS = """
<p>Our fellows comment on security, defence and foreign policy in Urdu and English, for
print, radio and television.</p>
<h2>Press enquiries</h2>
<p>Write to <a href="mailto:press@example.org">press@example.org</a> or call
+92 51 000 0000 (Monday to Friday, 9:00 to 17:00 Pakistan time). Tell us your deadline:
we answer the same day.</p>
<h2>Finding an expert</h2>
<p>The <a href="/people/">experts page</a> lists every fellow with the subjects and
regions they cover. Their profiles say how to request an interview.</p>
<h2>Embargoed reports</h2>
<p>Journalists may receive a report before publication under embargo. We send a preview
link that works until the embargo lifts; please do not share it.</p>
<h2>Quoting our work</h2>
<p>Quote freely with credit to the author and the institute and, online, a link to the
article. Each article's "Cite this" box gives the full reference.</p>
"""

# Contact, Press, Privacy and Accessibility have fixed places in the footer
# (templates/includes/site_footer.html); the footer menu adds the others.
# (slug, parent slug, title, summary, body, header menu, footer menu, order)
PAGES = [
    (
        "about",
        None,
        "About us",
        "An independent, non-partisan policy institute in Islamabad.",
        ABOUT,
        True,
        True,
        10,
    ),
    (
        "governance",
        "about",
        "Governance",
        "Who runs the institute, and how we keep it independent.",
        GOVERNANCE,
        False,
        False,
        10,
    ),
    (
        "contact",
        None,
        "Contact",
        "Our address, email and telephone.",
        CONTACT,
        False,
        False,
        20,
    ),
    (
        "press",
        None,
        "Press",
        "For journalists: press enquiries, interviews and embargoed reports.",
        PRESS,
        False,
        False,
        30,
    ),
    (
        "privacy",
        None,
        "Privacy notice",
        "What we keep about newsletter subscribers, for how long, and how to leave. "
        "Readers get no cookies.",
        PRIVACY,
        False,
        False,
        40,
    ),
    (
        "accessibility",
        None,
        "Accessibility statement",
        "Our aim (WCAG 2.2 AA), how we test, what is not yet right, and how to report a problem.",
        ACCESSIBILITY,
        False,
        False,
        50,
    ),
]
