// `trappable_error_type` and `with` keys that name nothing.
mod trappable {
    hoist::bindgen!({
        inline: "
            package a:b;
            interface i {
                enum errno { bad }
                f: func() -> result<u32, errno>;
            }
            world w { import i; }
        ",
        trappable_error_type: { "a:b/i/errnoo" => crate::MyError },
    });
}

mod with {
    hoist::bindgen!({
        inline: "
            package a:b;
            interface i { f: func(); }
            world w { import i; }
        ",
        with: { "a:b/nope": crate::elsewhere },
    });
}

pub struct MyError;
mod elsewhere {}

fn main() {}
