//! English data tables from faker.js 3.1.0 (MIT licence) that the `fake` crate does not carry,
//! and the ones it carries, read from its `Data` constants without allocation.

use fake::locales::{Data, EN};

pub(super) const FIRST_NAME: &[&str] = <EN as Data>::NAME_FIRST_NAME;
pub(super) const LAST_NAME: &[&str] = <EN as Data>::NAME_LAST_NAME;
pub(super) const NAME_PREFIX: &[&str] = <EN as Data>::NAME_TITLE;
pub(super) const NAME_SUFFIX: &[&str] = <EN as Data>::NAME_SUFFIX;
pub(super) const STATE: &[&str] = <EN as Data>::ADDRESS_STATE;
pub(super) const STATE_ABBR: &[&str] = <EN as Data>::ADDRESS_STATE_ABBR;
pub(super) const COUNTRY: &[&str] = <EN as Data>::ADDRESS_COUNTRY;
pub(super) const CITY_PREFIX: &[&str] = <EN as Data>::ADDRESS_CITY_PREFIX;
pub(super) const CITY_SUFFIX: &[&str] = <EN as Data>::ADDRESS_CITY_SUFFIX;

pub(super) const COMMERCE_COLOR: &[&str] = &[
    "red",
    "green",
    "blue",
    "yellow",
    "purple",
    "mint green",
    "teal",
    "white",
    "black",
    "orange",
    "pink",
    "grey",
    "maroon",
    "violet",
    "turquoise",
    "tan",
    "sky blue",
    "salmon",
    "plum",
    "orchid",
    "olive",
    "magenta",
    "lime",
    "ivory",
    "indigo",
    "gold",
    "fuchsia",
    "cyan",
    "azure",
    "lavender",
    "silver",
];

pub(super) const COMMERCE_DEPARTMENT: &[&str] = &[
    "Books",
    "Movies",
    "Music",
    "Games",
    "Electronics",
    "Computers",
    "Home",
    "Garden",
    "Tools",
    "Grocery",
    "Health",
    "Beauty",
    "Toys",
    "Kids",
    "Baby",
    "Clothing",
    "Shoes",
    "Jewelery",
    "Sports",
    "Outdoors",
    "Automotive",
    "Industrial",
];

pub(super) const PRODUCT_ADJECTIVE: &[&str] = &[
    "Small",
    "Ergonomic",
    "Rustic",
    "Intelligent",
    "Gorgeous",
    "Incredible",
    "Fantastic",
    "Practical",
    "Sleek",
    "Awesome",
    "Generic",
    "Handcrafted",
    "Handmade",
    "Licensed",
    "Refined",
    "Unbranded",
    "Tasty",
];

pub(super) const PRODUCT_MATERIAL: &[&str] = &[
    "Steel", "Wooden", "Concrete", "Plastic", "Cotton", "Granite", "Rubber", "Metal", "Soft",
    "Fresh", "Frozen",
];

pub(super) const PRODUCT: &[&str] = &[
    "Chair", "Car", "Computer", "Keyboard", "Mouse", "Bike", "Ball", "Gloves", "Pants", "Shirt",
    "Table", "Shoes", "Hat", "Towels", "Soap", "Tuna", "Chicken", "Fish", "Cheese", "Bacon",
    "Pizza", "Salad", "Sausages", "Chips",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_sizes_match_faker_js() {
        assert_eq!(COMMERCE_COLOR.len(), 31);
        assert_eq!(COMMERCE_DEPARTMENT.len(), 22);
        assert_eq!(PRODUCT_ADJECTIVE.len(), 17);
        assert_eq!(PRODUCT_MATERIAL.len(), 11);
        assert_eq!(PRODUCT.len(), 24);
        assert_eq!(STATE.len(), 50);
        assert_eq!(STATE_ABBR.len(), 50);
        assert_eq!(LAST_NAME.len(), 474);
    }
}
