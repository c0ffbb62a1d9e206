//! `name.*`: first, middle, last and full names, name affixes, job titles and genders.

use super::data::{FIRST_NAME, LAST_NAME, NAME_PREFIX, NAME_SUFFIX};
use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Returns, Shape, longest, table_shape};
use crate::error::Error;
use crate::syntax::ast::ArgKind;

/// faker.js's `gender` parameter: accepted everywhere it is, though English data is not
/// gendered in 3.1.0.
const GENDER_PARAM: Param = Param {
    name: "gender",
    ty: "0 (male) | 1 (female) | \"male\" | \"female\"",
    default: "any",
};

const FIRST_LAST: [Param; 3] = [
    Param {
        name: "firstName",
        ty: "string",
        default: "random",
    },
    Param {
        name: "lastName",
        ty: "string",
        default: "random",
    },
    GENDER_PARAM,
];

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "name.firstName",
        params: &[Param {
            name: "gender",
            ty: "0 | 1 | \"male\" | \"female\"",
            default: "either",
        }],
        summary: "a first name (3,007 English names)",
        example: "{{name.firstName}}",
        returns: Returns::String,
        compile: first_name,
    },
    FnDef {
        name: "name.lastName",
        params: &[Param {
            name: "gender",
            ty: "0 | 1 | \"male\" | \"female\"",
            default: "either",
        }],
        summary: "a last name (474 English names)",
        example: "{{name.lastName}}",
        returns: Returns::String,
        compile: last_name,
    },
    FnDef {
        name: "name.findName",
        params: &FIRST_LAST,
        summary: "a full name: `First Last`, 1 in 9 with a prefix, 1 in 9 with a suffix",
        example: "{{name.findName}}",
        returns: Returns::String,
        compile: find_name,
    },
    FnDef {
        name: "name.fullName",
        params: &FIRST_LAST,
        summary: "the later faker.js name of name.findName: `First Last`, sometimes with a prefix or suffix",
        example: "{{name.fullName}}",
        returns: Returns::String,
        compile: find_name,
    },
    FnDef {
        name: "name.middleName",
        params: &[GENDER_PARAM],
        summary: "a middle name (later faker.js), for the gender if given",
        example: "{{name.middleName}}",
        returns: Returns::String,
        compile: middle_name,
    },
    FnDef {
        name: "name.jobTitle",
        params: &[],
        summary: "`Descriptor Area Type`, e.g. Principal Accounts Coordinator",
        example: "{{name.jobTitle}}",
        returns: Returns::String,
        compile: job_title,
    },
    FnDef {
        name: "name.title",
        params: &[],
        summary: "a job title, built as name.jobTitle is",
        example: "{{name.title}}",
        returns: Returns::String,
        compile: job_title,
    },
    FnDef {
        name: "name.prefix",
        params: &[GENDER_PARAM],
        summary: "Mr., Mrs., Ms., Miss or Dr.",
        example: "{{name.prefix}}",
        returns: Returns::String,
        compile: prefix,
    },
    FnDef {
        name: "name.suffix",
        params: &[],
        summary: "Jr., Sr., I-V, MD, DDS, PhD or DVM",
        example: "{{name.suffix}}",
        returns: Returns::String,
        compile: suffix,
    },
    FnDef {
        name: "name.jobDescriptor",
        params: &[],
        summary: "a job title's first word (22 values), e.g. Future",
        example: "{{name.jobDescriptor}}",
        returns: Returns::String,
        compile: job_descriptor,
    },
    FnDef {
        name: "name.jobArea",
        params: &[],
        summary: "a job title's area (37 values), e.g. Operations",
        example: "{{name.jobArea}}",
        returns: Returns::String,
        compile: job_area,
    },
    FnDef {
        name: "name.jobType",
        params: &[],
        summary: "a job title's role (25 values), e.g. Facilitator",
        example: "{{name.jobType}}",
        returns: Returns::String,
        compile: job_type,
    },
    FnDef {
        name: "name.gender",
        params: &[Param {
            name: "binary",
            ty: "boolean",
            default: "false",
        }],
        summary: "a gender identity (later faker.js); with true, Female or Male",
        example: "{{name.gender(true)}}",
        returns: Returns::String,
        compile: gender,
    },
];

/// faker.js 3.1.0 `name.title.descriptor` (22 entries; `Dynamic` is listed twice, so it is
/// drawn twice as often, as there).
pub(super) const JOB_DESCRIPTOR: &[&str] = &[
    "Lead",
    "Senior",
    "Direct",
    "Corporate",
    "Dynamic",
    "Future",
    "Product",
    "National",
    "Regional",
    "District",
    "Central",
    "Global",
    "Customer",
    "Investor",
    "Dynamic",
    "International",
    "Legacy",
    "Forward",
    "Internal",
    "Human",
    "Chief",
    "Principal",
];

/// faker.js 3.1.0 `name.title.level` (37 entries).
pub(super) const JOB_AREA: &[&str] = &[
    "Solutions",
    "Program",
    "Brand",
    "Security",
    "Research",
    "Marketing",
    "Directives",
    "Implementation",
    "Integration",
    "Functionality",
    "Response",
    "Paradigm",
    "Tactics",
    "Identity",
    "Markets",
    "Group",
    "Division",
    "Applications",
    "Optimization",
    "Operations",
    "Infrastructure",
    "Intranet",
    "Communications",
    "Web",
    "Branding",
    "Quality",
    "Assurance",
    "Mobility",
    "Accounts",
    "Data",
    "Creative",
    "Configuration",
    "Accountability",
    "Interactions",
    "Factors",
    "Usability",
    "Metrics",
];

/// faker.js 3.1.0 `name.title.job` (25 entries, with its spelling `Liason`).
pub(super) const JOB_TYPE: &[&str] = &[
    "Supervisor",
    "Associate",
    "Executive",
    "Liason",
    "Officer",
    "Manager",
    "Engineer",
    "Specialist",
    "Director",
    "Coordinator",
    "Administrator",
    "Architect",
    "Analyst",
    "Designer",
    "Planner",
    "Orchestrator",
    "Technician",
    "Developer",
    "Producer",
    "Consultant",
    "Assistant",
    "Facilitator",
    "Agent",
    "Representative",
    "Strategist",
];

/// `name.gender(true)`.
const BINARY_GENDER: &[&str] = &["Female", "Male"];

/// Middle names for any gender (later faker.js `middle_name.generic`).
const MIDDLE_NAME_GENERIC: &[&str] = &[
    "Addison", "Anderson", "Angel", "Arden", "Austin", "Bailey", "Bowie", "Brooklyn", "Cameron",
    "Charlie", "Corey", "Drew", "Dylan", "Elliott", "Finley", "Gray", "Greer", "Hayden", "Jaden",
    "Jamie", "Kai", "Kendall", "Kyle", "Leslie", "Marlowe", "Micah", "Monroe", "Nico", "Noah",
    "North", "Parker", "Reagan", "Reign", "Rowan", "Ryan", "Sasha", "Sawyer", "Shawn", "Shiloh",
    "Skyler",
];

/// Female middle names (later faker.js `middle_name.female`).
const MIDDLE_NAME_FEMALE: &[&str] = &[
    "Abigail",
    "Adele",
    "Alex",
    "Alice",
    "Alisha",
    "Amber",
    "Amelia",
    "Amora",
    "Anaïs",
    "Angelou",
    "Anika",
    "Anise",
    "Annabel",
    "Anne",
    "Aphrodite",
    "Aretha",
    "Arya",
    "Ashton",
    "Aster",
    "Audrey",
    "Avery",
    "Bailee",
    "Bay",
    "Belle",
    "Beth",
    "Billie",
    "Blair",
    "Blaise",
    "Blake",
    "Blanche",
    "Blue",
    "Bree",
    "Brielle",
    "Brienne",
    "Brooke",
    "Caleen",
    "Candice",
    "Caprice",
    "Carelyn",
    "Caylen",
    "Celine",
    "Cerise",
    "Cia",
    "Claire",
    "Claudia",
    "Clementine",
    "Coral",
    "Coraline",
    "Dahlia",
    "Dakota",
    "Dawn",
    "Della",
    "Demi",
    "Denise",
    "Denver",
    "Devine",
    "Devon",
    "Diana",
    "Ebony",
    "Eden",
    "Eleanor",
    "Elein",
    "Elizabeth",
    "Ellen",
    "Elodie",
    "Eloise",
    "Ember",
    "Emma",
    "Erin",
    "Eyre",
    "Faith",
    "Farrah",
    "Fawn",
    "Fayre",
    "Fern",
    "France",
    "Francis",
    "Frida",
    "Genisis",
    "Georgia",
    "Grace",
    "Gwen",
    "Harley",
    "Harper",
    "Hazel",
    "Helen",
    "Hippolyta",
    "Holly",
    "Hope",
    "Imani",
    "Iowa",
    "Ireland",
    "Irene",
    "Iris",
    "Isa",
    "Isla",
    "Ivy",
    "Jade",
    "Jane",
    "Jazz",
    "Jean",
    "Jess",
    "Jett",
    "Jo",
    "Joan",
    "Jolie",
    "Jordan",
    "Josie",
    "Journey",
    "Joy",
    "Jules",
    "Julien",
    "Juliet",
    "Juniper",
    "Justice",
    "Kali",
    "Karma",
    "Kat",
    "Kate",
    "Kennedy",
    "Keva",
    "Kylie",
    "Lake",
    "Lane",
    "Lark",
    "Layla",
    "Lee",
    "Leigh",
    "Leona",
    "Lexi",
    "London",
    "Lou",
    "Louise",
    "Love",
    "Luna",
    "Lux",
    "Lynn",
    "Lyric",
    "Maddie",
    "Mae",
    "Marie",
    "Matilda",
    "Maude",
    "Maybel",
    "Meadow",
    "Medusa",
    "Mercy",
    "Michelle",
    "Mirabel",
    "Morgan",
    "Nalia",
    "Naomi",
    "Nova",
    "Olive",
    "Paige",
    "Pax",
    "Pearl",
    "Penelope",
    "Phoenix",
    "Quinn",
    "Rae",
    "Rain",
    "Raven",
    "Ray",
    "Raye",
    "Rebel",
    "Reese",
    "Reeve",
    "Regan",
    "Riley",
    "River",
    "Robin",
    "Rory",
    "Rose",
    "Royal",
    "Ruth",
    "Rylie",
    "Sage",
    "Sam",
    "Saturn",
    "Scout",
    "Serena",
    "Sky",
    "Skylar",
    "Sofia",
    "Sophia",
    "Storm",
    "Sue",
    "Suzanne",
    "Sydney",
    "Taylen",
    "Taylor",
    "Teagan",
    "Tempest",
    "Tenley",
    "Thea",
    "Trinity",
    "Valerie",
    "Venus",
    "Vera",
    "Violet",
    "Willow",
    "Winter",
    "Xena",
    "Zaylee",
    "Zion",
    "Zoe",
];

/// Male middle names (later faker.js `middle_name.male`).
const MIDDLE_NAME_MALE: &[&str] = &[
    "Ace",
    "Aiden",
    "Alexander",
    "Ander",
    "Anthony",
    "Asher",
    "August",
    "Aziel",
    "Bear",
    "Beckham",
    "Benjamin",
    "Buddy",
    "Calvin",
    "Carter",
    "Charles",
    "Christopher",
    "Clyde",
    "Cooper",
    "Daniel",
    "David",
    "Dior",
    "Elijah",
    "Ellis",
    "Emerson",
    "Ethan",
    "Ezra",
    "Fletcher",
    "Flynn",
    "Gabriel",
    "Grayson",
    "Gus",
    "Hank",
    "Harrison",
    "Hendrix",
    "Henry",
    "Houston",
    "Hudson",
    "Hugh",
    "Isaac",
    "Jack",
    "Jackson",
    "Jacob",
    "Jakobe",
    "James",
    "Jaxon",
    "Jaxtyn",
    "Jayden",
    "John",
    "Joseph",
    "Josiah",
    "Jude",
    "Julian",
    "Karsyn",
    "Kenji",
    "Kobe",
    "Kylo",
    "Lennon",
    "Leo",
    "Levi",
    "Liam",
    "Lincoln",
    "Logan",
    "Louis",
    "Lucas",
    "Lucky",
    "Luke",
    "Mason",
    "Mateo",
    "Matthew",
    "Maverick",
    "Michael",
    "Nixon",
    "Ocean",
    "Oliver",
    "Otis",
    "Otto",
    "Owen",
    "Ozzy",
    "Rocky",
    "Samuel",
    "Sebastian",
    "Sonny",
    "Teddy",
    "Theo",
    "Theodore",
    "Thomas",
    "Truett",
    "Walter",
    "Warren",
    "Watson",
    "William",
    "Wison",
    "Wyatt",
    "Ziggy",
    "Zyair",
];

/// Gender identities (later faker.js `gender`).
const GENDER: &[&str] = &[
    "Agender",
    "Androgyne",
    "Androgynous",
    "Bigender",
    "Cis",
    "Cis female",
    "Cis male",
    "Cis man",
    "Cis woman",
    "Cisgender",
    "Cisgender female",
    "Cisgender male",
    "Cisgender man",
    "Cisgender woman",
    "Demi-boy",
    "Demi-girl",
    "Demi-man",
    "Demi-woman",
    "Demiflux",
    "Demigender",
    "F2M",
    "FTM",
    "Female to male",
    "Female to male trans man",
    "Female to male transgender man",
    "Female to male transsexual man",
    "Gender fluid",
    "Gender neutral",
    "Gender nonconforming",
    "Gender questioning",
    "Gender variant",
    "Genderflux",
    "Genderqueer",
    "Hermaphrodite",
    "Intersex",
    "Intersex man",
    "Intersex person",
    "Intersex woman",
    "M2F",
    "MTF",
    "Male to female",
    "Male to female trans woman",
    "Male to female transgender woman",
    "Male to female transsexual woman",
    "Man",
    "Multigender",
    "Neither",
    "Neutrois",
    "Non-binary",
    "Omnigender",
    "Other",
    "Pangender",
    "Polygender",
    "T* man",
    "T* woman",
    "Trans",
    "Trans female",
    "Trans male",
    "Trans man",
    "Trans person",
    "Trans woman",
    "Transexual",
    "Transexual female",
    "Transexual male",
    "Transexual man",
    "Transexual person",
    "Transexual woman",
    "Transgender female",
    "Transgender person",
    "Transmasculine",
    "Trigender",
    "Two* person",
    "Two-spirit",
    "Two-spirit person",
    "Woman",
    "Xenogender",
];

/// A gender as faker.js takes it: `0`/`"male"` or `1`/`"female"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sex {
    Male,
    Female,
}

/// A compiled `name.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    FindName {
        first: Option<Box<str>>,
        last: Option<Box<str>>,
    },
    /// A middle name of any gender: one uniform pick over the three tables together.
    MiddleName,
    /// `Descriptor Area Type`.
    JobTitle,
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::FindName { first, last } => {
                let first = first.as_ref().map_or(longest(FIRST_NAME), |f| f.len());
                let last = last.as_ref().map_or(longest(LAST_NAME), |l| l.len());
                longest(NAME_PREFIX) + first + last + longest(NAME_SUFFIX) + 3
            }
            Op::MiddleName => longest(MIDDLE_NAME_GENERIC)
                .max(longest(MIDDLE_NAME_FEMALE))
                .max(longest(MIDDLE_NAME_MALE)),
            Op::JobTitle => longest(JOB_DESCRIPTOR) + longest(JOB_AREA) + longest(JOB_TYPE) + 2,
        }
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Op::FindName { first, last } => {
                push_find_name(cx, first.as_deref(), last.as_deref(), out);
            }
            Op::MiddleName => {
                let mut i = cx.rng.index(MIDDLE_NAME_COUNT);
                for table in [MIDDLE_NAME_GENERIC, MIDDLE_NAME_FEMALE, MIDDLE_NAME_MALE] {
                    if i < table.len() {
                        out.push_str(table[i]);
                        return;
                    }
                    i -= table.len();
                }
            }
            Op::JobTitle => {
                out.push_str(cx.rng.pick_str(JOB_DESCRIPTOR));
                out.push(' ');
                out.push_str(cx.rng.pick_str(JOB_AREA));
                out.push(' ');
                out.push_str(cx.rng.pick_str(JOB_TYPE));
            }
        }
    }
}

/// faker.js 3.1.0 `findName` with the given names (`None` draws one).
pub(super) fn push_find_name(
    cx: &mut Cx<'_>,
    first: Option<&str>,
    last: Option<&str>,
    out: &mut String,
) {
    // faker.js 3.1.0: r in 0..=8; 0 → prefix, 1 → suffix, else plain.
    let r = cx.rng.below(9);
    if r == 0 {
        out.push_str(cx.rng.pick_str(NAME_PREFIX));
        out.push(' ');
    }
    match first {
        Some(f) => out.push_str(f),
        None => out.push_str(cx.rng.pick_str(FIRST_NAME)),
    }
    out.push(' ');
    match last {
        Some(l) => out.push_str(l),
        None => out.push_str(cx.rng.pick_str(LAST_NAME)),
    }
    if r == 1 {
        out.push(' ');
        out.push_str(cx.rng.pick_str(NAME_SUFFIX));
    }
}

/// Whether `text` is a gender [`gender_arg`] takes as a string.
pub(super) fn is_gender_text(text: &str) -> bool {
    text.eq_ignore_ascii_case("male") || text.eq_ignore_ascii_case("female")
}

const MIDDLE_NAME_COUNT: usize =
    MIDDLE_NAME_GENERIC.len() + MIDDLE_NAME_FEMALE.len() + MIDDLE_NAME_MALE.len();

/// Argument `i` as a gender, checked: faker.js 3.1.0 passes it through to tables English does
/// not split by gender, later versions read `0`/`1` or `"male"`/`"female"`.
pub(super) fn gender_arg(cx: &CallCx<'_, '_>, i: usize) -> Result<Option<Sex>, Error> {
    let Some(arg) = cx.arg(i) else {
        return Ok(None);
    };
    let bad = || cx.error(arg.span, "gender must be 0 or \"male\", 1 or \"female\"");
    match &arg.kind {
        ArgKind::Number(_) => match cx.number(arg)?.to_i64() {
            Some(0) => Ok(Some(Sex::Male)),
            Some(1) => Ok(Some(Sex::Female)),
            _ => Err(bad()),
        },
        ArgKind::Str(s) if s.eq_ignore_ascii_case("male") => Ok(Some(Sex::Male)),
        ArgKind::Str(s) if s.eq_ignore_ascii_case("female") => Ok(Some(Sex::Female)),
        ArgKind::Str(_) => Err(bad()),
        _ => Err(cx.type_error(arg, "a gender (0, 1, \"male\" or \"female\")")),
    }
}

fn first_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    // faker.js 3.1.0 takes `gender` and, in English, ignores it: KDG templates may pass it.
    cx.at_most(1)?;
    gender_arg(cx, 0)?;
    Ok(Compiled::table(FIRST_NAME))
}

fn last_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    gender_arg(cx, 0)?;
    Ok(Compiled::table(LAST_NAME))
}

fn find_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(3)?;
    let given = |i| -> Result<Option<Box<str>>, Error> {
        cx.arg(i).map(|a| cx.string(a).map(Box::from)).transpose()
    };
    let (first, last) = (given(0)?, given(1)?);
    gender_arg(cx, 2)?;
    let words: Vec<&str> = [first.as_deref(), last.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let shape = match table_shape(&words) {
        Shape::Plain => Shape::Plain,
        _ => Shape::Text,
    };
    Ok(Compiled::new(
        Func::Name(Op::FindName { first, last }),
        shape,
    ))
}

fn middle_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    Ok(match gender_arg(cx, 0)? {
        Some(Sex::Male) => Compiled::table(MIDDLE_NAME_MALE),
        Some(Sex::Female) => Compiled::table(MIDDLE_NAME_FEMALE),
        None => Compiled::new(Func::Name(Op::MiddleName), Shape::Plain),
    })
}

fn job_title(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Name(Op::JobTitle), Shape::Plain))
}

fn prefix(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    gender_arg(cx, 0)?; // As in faker.js 3.1.0, English prefixes are not split by gender.
    Ok(Compiled::table(NAME_PREFIX))
}

fn suffix(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(NAME_SUFFIX))
}

fn job_descriptor(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(JOB_DESCRIPTOR))
}

fn job_area(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(JOB_AREA))
}

fn job_type(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(JOB_TYPE))
}

fn gender(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let binary = match cx.arg(0) {
        None => false,
        Some(arg) => match arg.kind {
            ArgKind::Bool(b) => b,
            _ => return Err(cx.type_error(arg, "true or false")),
        },
    };
    Ok(Compiled::table(if binary { BINARY_GENDER } else { GENDER }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_match_faker_js() {
        assert_eq!(JOB_DESCRIPTOR.len(), 22);
        assert_eq!(JOB_AREA.len(), 37);
        assert_eq!(JOB_TYPE.len(), 25);
        assert_eq!(NAME_PREFIX, ["Mr.", "Mrs.", "Ms.", "Miss", "Dr."]);
        assert_eq!(NAME_SUFFIX.len(), 11);
        assert_eq!(GENDER.len(), 76);
        assert_eq!(MIDDLE_NAME_COUNT, 40 + 207 + 95);
    }

    #[test]
    fn middle_names_are_plain() {
        for table in [MIDDLE_NAME_GENERIC, MIDDLE_NAME_FEMALE, MIDDLE_NAME_MALE] {
            assert_eq!(table_shape(table), Shape::Plain);
        }
    }
}
