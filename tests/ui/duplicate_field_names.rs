use hoist::component::{ComponentType, Lift, Lower};

#[derive(ComponentType, Lift, Lower)]
#[component(record)]
struct Entry {
    full_name: String,
    #[component(name = "full-name")]
    other: String,
    #[component(name = "FULL-NAME")]
    shouted: String,
}

fn main() {}
