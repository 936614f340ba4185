hoist::component::flags! {
    Names {
        const READ;
        #[component(name = "read")]
        const ALSO_READ;
        #[component(name = "Mixed_case")]
        const MIXED;
    }
}

hoist::component::flags! {
    Twice {
        const A;
        const A;
    }
}

hoist::component::flags! {
    Attributes {
        #[allow(dead_code)]
        const A;
    }
}

hoist::component::flags! {
    Valued {
        const A = 1;
    }
}

hoist::component::flags! {
    pub struct Keyword {
        const A;
    }
}

fn main() {}
