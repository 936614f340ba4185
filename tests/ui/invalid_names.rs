use hoist::component::{ComponentType, Lift, Lower};

#[derive(ComponentType, Lift, Lower)]
#[component(record)]
struct Entry {
    #[component(name = "fullName")]
    full_name: String,
    #[component(name = "")]
    empty: String,
    #[component(name = 5)]
    number: u32,
    #[component(name)]
    bare: u32,
    v2_0: u32,
}

fn main() {}
