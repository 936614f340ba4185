/// The exports of an instance of world `the-lists`, with the functions to link its imports and to instantiate it.
pub struct TheLists {
    instance: ::hoist::component::Instance,
    foo_foo_lists: self::exports::foo::foo::lists::Guest,
}
impl TheLists {
    /// Registers everything world `the-lists` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: self::foo::foo::lists::Host,
    {
        self::foo::foo::lists::add_to_linker(linker, get)?;
        ::core::result::Result::Ok(())
    }
    /// Instantiates `component` with the imports registered in `linker` and looks up the exports of world `the-lists`. Returns the exports and the instance.
    pub fn instantiate<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        component: &::hoist::component::Component,
        linker: &::hoist::component::Linker<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = linker.instantiate(store.as_context_mut(), component)?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Instantiates a pre-linked component and looks up the exports of world `the-lists`. Returns the exports and the instance.
    pub fn instantiate_pre<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        pre: &::hoist::component::InstancePre<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = pre.instantiate(store.as_context_mut())?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Looks up and type-checks the exports of world `the-lists` in an already created `instance`.
    #[allow(unused_mut, unused_variables)]
    pub fn new(
        mut store: impl ::hoist::AsContextMut,
        instance: &::hoist::component::Instance,
    ) -> ::hoist::anyhow::Result<Self> {
        let foo_foo_lists = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "foo:foo/lists",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `foo:foo/lists` in world the-lists"
                    )
                })?;
            self::exports::foo::foo::lists::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        ::core::result::Result::Ok(Self {
            instance: instance.clone(),
            foo_foo_lists,
        })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
    /// The functions of the exported interface `foo:foo/lists`.
    pub fn foo_foo_lists(&self) -> &self::exports::foo::foo::lists::Guest {
        &self.foo_foo_lists
    }
}
#[allow(clippy::all)]
pub mod foo {
    //! Bindings generated from WIT, for `foo`.
    pub mod foo {
        //! Bindings generated from WIT, for `foo/foo`.
        pub mod lists {
            //! Bindings generated from WIT, for `foo/foo/lists`.
            /// The WIT type `other-record`.
            #[derive(
                ::hoist::component::ComponentType,
                ::hoist::component::Lift,
                ::hoist::component::Lower
            )]
            #[component(record)]
            #[derive(Clone, Debug, PartialEq, Eq)]
            pub struct OtherRecord {
                /// The field `a1`.
                pub a1: u32,
                /// The field `a2`.
                pub a2: u64,
                /// The field `a3`.
                pub a3: i32,
                /// The field `a4`.
                pub a4: i64,
                /// The field `b`.
                pub b: ::std::string::String,
                /// The field `c`.
                pub c: ::std::vec::Vec<u8>,
            }
            /// The WIT type `some-record`.
            #[derive(
                ::hoist::component::ComponentType,
                ::hoist::component::Lift,
                ::hoist::component::Lower
            )]
            #[component(record)]
            #[derive(Clone, Debug, PartialEq, Eq)]
            pub struct SomeRecord {
                /// The field `x`.
                pub x: ::std::string::String,
                /// The field `y`.
                pub y: OtherRecord,
                /// The field `z`.
                pub z: ::std::vec::Vec<OtherRecord>,
                /// The field `c1`.
                pub c1: u32,
                /// The field `c2`.
                pub c2: u64,
                /// The field `c3`.
                pub c3: i32,
                /// The field `c4`.
                pub c4: i64,
            }
            /// The WIT type `other-variant`.
            #[derive(
                ::hoist::component::ComponentType,
                ::hoist::component::Lift,
                ::hoist::component::Lower
            )]
            #[component(variant)]
            #[derive(Clone, Debug, PartialEq, Eq)]
            pub enum OtherVariant {
                /// The case `a`.
                #[component(name = "a")]
                A,
                /// The case `b`.
                #[component(name = "b")]
                B(u32),
                /// The case `c`.
                #[component(name = "c")]
                C(::std::string::String),
            }
            /// The WIT type `some-variant`.
            #[derive(
                ::hoist::component::ComponentType,
                ::hoist::component::Lift,
                ::hoist::component::Lower
            )]
            #[component(variant)]
            #[derive(Clone, Debug, PartialEq, Eq)]
            pub enum SomeVariant {
                /// The case `a`.
                #[component(name = "a")]
                A(::std::string::String),
                /// The case `b`.
                #[component(name = "b")]
                B,
                /// The case `c`.
                #[component(name = "c")]
                C(u32),
                /// The case `d`.
                #[component(name = "d")]
                D(::std::vec::Vec<OtherVariant>),
            }
            /// The WIT type `load-store-all-sizes`.
            pub type LoadStoreAllSizes = ::std::vec::Vec<
                (
                    ::std::string::String,
                    u8,
                    i8,
                    u16,
                    i16,
                    u32,
                    i32,
                    u64,
                    i64,
                    f32,
                    f64,
                    char,
                ),
            >;
            /// The host's implementation of the imported interface `foo:foo/lists`.
            pub trait Host {
                /// The WIT function `list-u8-param`.
                fn list_u8_param(
                    &mut self,
                    x: ::std::vec::Vec<u8>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `list-u16-param`.
                fn list_u16_param(
                    &mut self,
                    x: ::std::vec::Vec<u16>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `list-u32-param`.
                fn list_u32_param(
                    &mut self,
                    x: ::std::vec::Vec<u32>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `list-u64-param`.
                fn list_u64_param(
                    &mut self,
                    x: ::std::vec::Vec<u64>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `list-s8-param`.
                fn list_s8_param(
                    &mut self,
                    x: ::std::vec::Vec<i8>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `list-s16-param`.
                fn list_s16_param(
                    &mut self,
                    x: ::std::vec::Vec<i16>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `list-s32-param`.
                fn list_s32_param(
                    &mut self,
                    x: ::std::vec::Vec<i32>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `list-s64-param`.
                fn list_s64_param(
                    &mut self,
                    x: ::std::vec::Vec<i64>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `list-f32-param`.
                fn list_f32_param(
                    &mut self,
                    x: ::std::vec::Vec<f32>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `list-f64-param`.
                fn list_f64_param(
                    &mut self,
                    x: ::std::vec::Vec<f64>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `list-u8-ret`.
                fn list_u8_ret(
                    &mut self,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<u8>>;
                /// The WIT function `list-u16-ret`.
                fn list_u16_ret(
                    &mut self,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<u16>>;
                /// The WIT function `list-u32-ret`.
                fn list_u32_ret(
                    &mut self,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<u32>>;
                /// The WIT function `list-u64-ret`.
                fn list_u64_ret(
                    &mut self,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<u64>>;
                /// The WIT function `list-s8-ret`.
                fn list_s8_ret(
                    &mut self,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<i8>>;
                /// The WIT function `list-s16-ret`.
                fn list_s16_ret(
                    &mut self,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<i16>>;
                /// The WIT function `list-s32-ret`.
                fn list_s32_ret(
                    &mut self,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<i32>>;
                /// The WIT function `list-s64-ret`.
                fn list_s64_ret(
                    &mut self,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<i64>>;
                /// The WIT function `list-f32-ret`.
                fn list_f32_ret(
                    &mut self,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<f32>>;
                /// The WIT function `list-f64-ret`.
                fn list_f64_ret(
                    &mut self,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<f64>>;
                /// The WIT function `tuple-list`.
                fn tuple_list(
                    &mut self,
                    x: ::std::vec::Vec<(u8, i8)>,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<(i64, u32)>>;
                /// The WIT function `string-list-arg`.
                fn string_list_arg(
                    &mut self,
                    a: ::std::vec::Vec<::std::string::String>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `string-list-ret`.
                fn string_list_ret(
                    &mut self,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<::std::string::String>>;
                /// The WIT function `tuple-string-list`.
                fn tuple_string_list(
                    &mut self,
                    x: ::std::vec::Vec<(u8, ::std::string::String)>,
                ) -> ::hoist::anyhow::Result<
                    ::std::vec::Vec<(::std::string::String, u8)>,
                >;
                /// The WIT function `string-list`.
                fn string_list(
                    &mut self,
                    x: ::std::vec::Vec<::std::string::String>,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<::std::string::String>>;
                /// The WIT function `record-list`.
                fn record_list(
                    &mut self,
                    x: ::std::vec::Vec<SomeRecord>,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<OtherRecord>>;
                /// The WIT function `record-list-reverse`.
                fn record_list_reverse(
                    &mut self,
                    x: ::std::vec::Vec<OtherRecord>,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<SomeRecord>>;
                /// The WIT function `variant-list`.
                fn variant_list(
                    &mut self,
                    x: ::std::vec::Vec<SomeVariant>,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<OtherVariant>>;
                /// The WIT function `load-store-everything`.
                fn load_store_everything(
                    &mut self,
                    a: LoadStoreAllSizes,
                ) -> ::hoist::anyhow::Result<LoadStoreAllSizes>;
            }
            /// Registers the functions of `foo:foo/lists` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("foo:foo/lists")?;
                inst.func_wrap(
                    "list-u8-param",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<u8>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::list_u8_param(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "list-u16-param",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<u16>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::list_u16_param(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "list-u32-param",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<u32>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::list_u32_param(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "list-u64-param",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<u64>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::list_u64_param(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "list-s8-param",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<i8>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::list_s8_param(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "list-s16-param",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<i16>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::list_s16_param(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "list-s32-param",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<i32>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::list_s32_param(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "list-s64-param",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<i64>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::list_s64_param(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "list-f32-param",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<f32>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::list_f32_param(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "list-f64-param",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<f64>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::list_f64_param(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "list-u8-ret",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(::std::vec::Vec<u8>,)> {
                        let host = get(caller.data_mut());
                        let r = Host::list_u8_ret(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "list-u16-ret",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(::std::vec::Vec<u16>,)> {
                        let host = get(caller.data_mut());
                        let r = Host::list_u16_ret(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "list-u32-ret",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(::std::vec::Vec<u32>,)> {
                        let host = get(caller.data_mut());
                        let r = Host::list_u32_ret(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "list-u64-ret",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(::std::vec::Vec<u64>,)> {
                        let host = get(caller.data_mut());
                        let r = Host::list_u64_ret(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "list-s8-ret",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(::std::vec::Vec<i8>,)> {
                        let host = get(caller.data_mut());
                        let r = Host::list_s8_ret(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "list-s16-ret",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(::std::vec::Vec<i16>,)> {
                        let host = get(caller.data_mut());
                        let r = Host::list_s16_ret(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "list-s32-ret",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(::std::vec::Vec<i32>,)> {
                        let host = get(caller.data_mut());
                        let r = Host::list_s32_ret(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "list-s64-ret",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(::std::vec::Vec<i64>,)> {
                        let host = get(caller.data_mut());
                        let r = Host::list_s64_ret(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "list-f32-ret",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(::std::vec::Vec<f32>,)> {
                        let host = get(caller.data_mut());
                        let r = Host::list_f32_ret(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "list-f64-ret",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(::std::vec::Vec<f64>,)> {
                        let host = get(caller.data_mut());
                        let r = Host::list_f64_ret(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "tuple-list",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<(u8, i8)>,),
                    | -> ::hoist::anyhow::Result<(::std::vec::Vec<(i64, u32)>,)> {
                        let host = get(caller.data_mut());
                        let r = Host::tuple_list(host, arg0)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "string-list-arg",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<::std::string::String>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::string_list_arg(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "string-list-ret",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<
                        (::std::vec::Vec<::std::string::String>,),
                    > {
                        let host = get(caller.data_mut());
                        let r = Host::string_list_ret(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "tuple-string-list",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<(u8, ::std::string::String)>,),
                    | -> ::hoist::anyhow::Result<
                        (::std::vec::Vec<(::std::string::String, u8)>,),
                    > {
                        let host = get(caller.data_mut());
                        let r = Host::tuple_string_list(host, arg0)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "string-list",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<::std::string::String>,),
                    | -> ::hoist::anyhow::Result<
                        (::std::vec::Vec<::std::string::String>,),
                    > {
                        let host = get(caller.data_mut());
                        let r = Host::string_list(host, arg0)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "record-list",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<SomeRecord>,),
                    | -> ::hoist::anyhow::Result<(::std::vec::Vec<OtherRecord>,)> {
                        let host = get(caller.data_mut());
                        let r = Host::record_list(host, arg0)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "record-list-reverse",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<OtherRecord>,),
                    | -> ::hoist::anyhow::Result<(::std::vec::Vec<SomeRecord>,)> {
                        let host = get(caller.data_mut());
                        let r = Host::record_list_reverse(host, arg0)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "variant-list",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<SomeVariant>,),
                    | -> ::hoist::anyhow::Result<(::std::vec::Vec<OtherVariant>,)> {
                        let host = get(caller.data_mut());
                        let r = Host::variant_list(host, arg0)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "load-store-everything",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (LoadStoreAllSizes,),
                    | -> ::hoist::anyhow::Result<(LoadStoreAllSizes,)> {
                        let host = get(caller.data_mut());
                        let r = Host::load_store_everything(host, arg0)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                ::core::result::Result::Ok(())
            }
        }
    }
}
#[allow(clippy::all)]
pub mod exports {
    //! Bindings generated from WIT, for `exports`.
    pub mod foo {
        //! Bindings generated from WIT, for `exports/foo`.
        pub mod foo {
            //! Bindings generated from WIT, for `exports/foo/foo`.
            pub mod lists {
                //! Bindings generated from WIT, for `exports/foo/foo/lists`.
                /// The WIT type `other-record`.
                #[derive(
                    ::hoist::component::ComponentType,
                    ::hoist::component::Lift,
                    ::hoist::component::Lower
                )]
                #[component(record)]
                #[derive(Clone, Debug, PartialEq, Eq)]
                pub struct OtherRecord {
                    /// The field `a1`.
                    pub a1: u32,
                    /// The field `a2`.
                    pub a2: u64,
                    /// The field `a3`.
                    pub a3: i32,
                    /// The field `a4`.
                    pub a4: i64,
                    /// The field `b`.
                    pub b: ::std::string::String,
                    /// The field `c`.
                    pub c: ::std::vec::Vec<u8>,
                }
                /// The WIT type `some-record`.
                #[derive(
                    ::hoist::component::ComponentType,
                    ::hoist::component::Lift,
                    ::hoist::component::Lower
                )]
                #[component(record)]
                #[derive(Clone, Debug, PartialEq, Eq)]
                pub struct SomeRecord {
                    /// The field `x`.
                    pub x: ::std::string::String,
                    /// The field `y`.
                    pub y: OtherRecord,
                    /// The field `z`.
                    pub z: ::std::vec::Vec<OtherRecord>,
                    /// The field `c1`.
                    pub c1: u32,
                    /// The field `c2`.
                    pub c2: u64,
                    /// The field `c3`.
                    pub c3: i32,
                    /// The field `c4`.
                    pub c4: i64,
                }
                /// The WIT type `other-variant`.
                #[derive(
                    ::hoist::component::ComponentType,
                    ::hoist::component::Lift,
                    ::hoist::component::Lower
                )]
                #[component(variant)]
                #[derive(Clone, Debug, PartialEq, Eq)]
                pub enum OtherVariant {
                    /// The case `a`.
                    #[component(name = "a")]
                    A,
                    /// The case `b`.
                    #[component(name = "b")]
                    B(u32),
                    /// The case `c`.
                    #[component(name = "c")]
                    C(::std::string::String),
                }
                /// The WIT type `some-variant`.
                #[derive(
                    ::hoist::component::ComponentType,
                    ::hoist::component::Lift,
                    ::hoist::component::Lower
                )]
                #[component(variant)]
                #[derive(Clone, Debug, PartialEq, Eq)]
                pub enum SomeVariant {
                    /// The case `a`.
                    #[component(name = "a")]
                    A(::std::string::String),
                    /// The case `b`.
                    #[component(name = "b")]
                    B,
                    /// The case `c`.
                    #[component(name = "c")]
                    C(u32),
                    /// The case `d`.
                    #[component(name = "d")]
                    D(::std::vec::Vec<OtherVariant>),
                }
                /// The WIT type `load-store-all-sizes`.
                pub type LoadStoreAllSizes = ::std::vec::Vec<
                    (
                        ::std::string::String,
                        u8,
                        i8,
                        u16,
                        i16,
                        u32,
                        i32,
                        u64,
                        i64,
                        f32,
                        f64,
                        char,
                    ),
                >;
                /// Typed access to the functions of the exported interface `foo:foo/lists`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    list_u8_param_index: ::hoist::component::ComponentExportIndex,
                    list_u16_param_index: ::hoist::component::ComponentExportIndex,
                    list_u32_param_index: ::hoist::component::ComponentExportIndex,
                    list_u64_param_index: ::hoist::component::ComponentExportIndex,
                    list_s8_param_index: ::hoist::component::ComponentExportIndex,
                    list_s16_param_index: ::hoist::component::ComponentExportIndex,
                    list_s32_param_index: ::hoist::component::ComponentExportIndex,
                    list_s64_param_index: ::hoist::component::ComponentExportIndex,
                    list_f32_param_index: ::hoist::component::ComponentExportIndex,
                    list_f64_param_index: ::hoist::component::ComponentExportIndex,
                    list_u8_ret_index: ::hoist::component::ComponentExportIndex,
                    list_u16_ret_index: ::hoist::component::ComponentExportIndex,
                    list_u32_ret_index: ::hoist::component::ComponentExportIndex,
                    list_u64_ret_index: ::hoist::component::ComponentExportIndex,
                    list_s8_ret_index: ::hoist::component::ComponentExportIndex,
                    list_s16_ret_index: ::hoist::component::ComponentExportIndex,
                    list_s32_ret_index: ::hoist::component::ComponentExportIndex,
                    list_s64_ret_index: ::hoist::component::ComponentExportIndex,
                    list_f32_ret_index: ::hoist::component::ComponentExportIndex,
                    list_f64_ret_index: ::hoist::component::ComponentExportIndex,
                    tuple_list_index: ::hoist::component::ComponentExportIndex,
                    string_list_arg_index: ::hoist::component::ComponentExportIndex,
                    string_list_ret_index: ::hoist::component::ComponentExportIndex,
                    tuple_string_list_index: ::hoist::component::ComponentExportIndex,
                    string_list_index: ::hoist::component::ComponentExportIndex,
                    record_list_index: ::hoist::component::ComponentExportIndex,
                    record_list_reverse_index: ::hoist::component::ComponentExportIndex,
                    variant_list_index: ::hoist::component::ComponentExportIndex,
                    load_store_everything_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `foo:foo/lists` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let list_u8_param_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-u8-param",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-u8-param` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<u8>,),
                                (),
                            >(store.as_context_mut(), &list_u8_param_index)?;
                        let list_u16_param_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-u16-param",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-u16-param` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<u16>,),
                                (),
                            >(store.as_context_mut(), &list_u16_param_index)?;
                        let list_u32_param_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-u32-param",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-u32-param` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<u32>,),
                                (),
                            >(store.as_context_mut(), &list_u32_param_index)?;
                        let list_u64_param_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-u64-param",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-u64-param` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<u64>,),
                                (),
                            >(store.as_context_mut(), &list_u64_param_index)?;
                        let list_s8_param_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-s8-param",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-s8-param` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<i8>,),
                                (),
                            >(store.as_context_mut(), &list_s8_param_index)?;
                        let list_s16_param_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-s16-param",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-s16-param` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<i16>,),
                                (),
                            >(store.as_context_mut(), &list_s16_param_index)?;
                        let list_s32_param_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-s32-param",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-s32-param` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<i32>,),
                                (),
                            >(store.as_context_mut(), &list_s32_param_index)?;
                        let list_s64_param_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-s64-param",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-s64-param` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<i64>,),
                                (),
                            >(store.as_context_mut(), &list_s64_param_index)?;
                        let list_f32_param_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-f32-param",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-f32-param` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<f32>,),
                                (),
                            >(store.as_context_mut(), &list_f32_param_index)?;
                        let list_f64_param_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-f64-param",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-f64-param` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<f64>,),
                                (),
                            >(store.as_context_mut(), &list_f64_param_index)?;
                        let list_u8_ret_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-u8-ret",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-u8-ret` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<u8>,),
                            >(store.as_context_mut(), &list_u8_ret_index)?;
                        let list_u16_ret_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-u16-ret",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-u16-ret` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<u16>,),
                            >(store.as_context_mut(), &list_u16_ret_index)?;
                        let list_u32_ret_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-u32-ret",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-u32-ret` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<u32>,),
                            >(store.as_context_mut(), &list_u32_ret_index)?;
                        let list_u64_ret_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-u64-ret",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-u64-ret` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<u64>,),
                            >(store.as_context_mut(), &list_u64_ret_index)?;
                        let list_s8_ret_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-s8-ret",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-s8-ret` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<i8>,),
                            >(store.as_context_mut(), &list_s8_ret_index)?;
                        let list_s16_ret_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-s16-ret",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-s16-ret` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<i16>,),
                            >(store.as_context_mut(), &list_s16_ret_index)?;
                        let list_s32_ret_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-s32-ret",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-s32-ret` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<i32>,),
                            >(store.as_context_mut(), &list_s32_ret_index)?;
                        let list_s64_ret_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-s64-ret",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-s64-ret` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<i64>,),
                            >(store.as_context_mut(), &list_s64_ret_index)?;
                        let list_f32_ret_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-f32-ret",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-f32-ret` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<f32>,),
                            >(store.as_context_mut(), &list_f32_ret_index)?;
                        let list_f64_ret_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "list-f64-ret",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `list-f64-ret` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<f64>,),
                            >(store.as_context_mut(), &list_f64_ret_index)?;
                        let tuple_list_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "tuple-list",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `tuple-list` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<(u8, i8)>,),
                                (::std::vec::Vec<(i64, u32)>,),
                            >(store.as_context_mut(), &tuple_list_index)?;
                        let string_list_arg_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "string-list-arg",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `string-list-arg` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<::std::string::String>,),
                                (),
                            >(store.as_context_mut(), &string_list_arg_index)?;
                        let string_list_ret_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "string-list-ret",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `string-list-ret` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<::std::string::String>,),
                            >(store.as_context_mut(), &string_list_ret_index)?;
                        let tuple_string_list_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "tuple-string-list",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `tuple-string-list` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<(u8, ::std::string::String)>,),
                                (::std::vec::Vec<(::std::string::String, u8)>,),
                            >(store.as_context_mut(), &tuple_string_list_index)?;
                        let string_list_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "string-list",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `string-list` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<::std::string::String>,),
                                (::std::vec::Vec<::std::string::String>,),
                            >(store.as_context_mut(), &string_list_index)?;
                        let record_list_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "record-list",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `record-list` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<SomeRecord>,),
                                (::std::vec::Vec<OtherRecord>,),
                            >(store.as_context_mut(), &record_list_index)?;
                        let record_list_reverse_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "record-list-reverse",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `record-list-reverse` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<OtherRecord>,),
                                (::std::vec::Vec<SomeRecord>,),
                            >(store.as_context_mut(), &record_list_reverse_index)?;
                        let variant_list_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "variant-list",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `variant-list` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<SomeVariant>,),
                                (::std::vec::Vec<OtherVariant>,),
                            >(store.as_context_mut(), &variant_list_index)?;
                        let load_store_everything_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "load-store-everything",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `load-store-everything` in exported interface `foo:foo/lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (LoadStoreAllSizes,),
                                (LoadStoreAllSizes,),
                            >(store.as_context_mut(), &load_store_everything_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            list_u8_param_index,
                            list_u16_param_index,
                            list_u32_param_index,
                            list_u64_param_index,
                            list_s8_param_index,
                            list_s16_param_index,
                            list_s32_param_index,
                            list_s64_param_index,
                            list_f32_param_index,
                            list_f64_param_index,
                            list_u8_ret_index,
                            list_u16_ret_index,
                            list_u32_ret_index,
                            list_u64_ret_index,
                            list_s8_ret_index,
                            list_s16_ret_index,
                            list_s32_ret_index,
                            list_s64_ret_index,
                            list_f32_ret_index,
                            list_f64_ret_index,
                            tuple_list_index,
                            string_list_arg_index,
                            string_list_ret_index,
                            tuple_string_list_index,
                            string_list_index,
                            record_list_index,
                            record_list_reverse_index,
                            variant_list_index,
                            load_store_everything_index,
                        })
                    }
                    /// The WIT function `list-u8-param`.
                    pub fn call_list_u8_param(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::vec::Vec<u8>,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<u8>,),
                                (),
                            >(store.as_context_mut(), &self.list_u8_param_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `list-u16-param`.
                    pub fn call_list_u16_param(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::vec::Vec<u16>,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<u16>,),
                                (),
                            >(store.as_context_mut(), &self.list_u16_param_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `list-u32-param`.
                    pub fn call_list_u32_param(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::vec::Vec<u32>,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<u32>,),
                                (),
                            >(store.as_context_mut(), &self.list_u32_param_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `list-u64-param`.
                    pub fn call_list_u64_param(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::vec::Vec<u64>,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<u64>,),
                                (),
                            >(store.as_context_mut(), &self.list_u64_param_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `list-s8-param`.
                    pub fn call_list_s8_param(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::vec::Vec<i8>,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<i8>,),
                                (),
                            >(store.as_context_mut(), &self.list_s8_param_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `list-s16-param`.
                    pub fn call_list_s16_param(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::vec::Vec<i16>,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<i16>,),
                                (),
                            >(store.as_context_mut(), &self.list_s16_param_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `list-s32-param`.
                    pub fn call_list_s32_param(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::vec::Vec<i32>,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<i32>,),
                                (),
                            >(store.as_context_mut(), &self.list_s32_param_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `list-s64-param`.
                    pub fn call_list_s64_param(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::vec::Vec<i64>,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<i64>,),
                                (),
                            >(store.as_context_mut(), &self.list_s64_param_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `list-f32-param`.
                    pub fn call_list_f32_param(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::vec::Vec<f32>,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<f32>,),
                                (),
                            >(store.as_context_mut(), &self.list_f32_param_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `list-f64-param`.
                    pub fn call_list_f64_param(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::vec::Vec<f64>,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<f64>,),
                                (),
                            >(store.as_context_mut(), &self.list_f64_param_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `list-u8-ret`.
                    pub fn call_list_u8_ret(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<::std::vec::Vec<u8>> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<u8>,),
                            >(store.as_context_mut(), &self.list_u8_ret_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `list-u16-ret`.
                    pub fn call_list_u16_ret(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<::std::vec::Vec<u16>> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<u16>,),
                            >(store.as_context_mut(), &self.list_u16_ret_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `list-u32-ret`.
                    pub fn call_list_u32_ret(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<::std::vec::Vec<u32>> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<u32>,),
                            >(store.as_context_mut(), &self.list_u32_ret_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `list-u64-ret`.
                    pub fn call_list_u64_ret(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<::std::vec::Vec<u64>> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<u64>,),
                            >(store.as_context_mut(), &self.list_u64_ret_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `list-s8-ret`.
                    pub fn call_list_s8_ret(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<::std::vec::Vec<i8>> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<i8>,),
                            >(store.as_context_mut(), &self.list_s8_ret_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `list-s16-ret`.
                    pub fn call_list_s16_ret(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<::std::vec::Vec<i16>> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<i16>,),
                            >(store.as_context_mut(), &self.list_s16_ret_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `list-s32-ret`.
                    pub fn call_list_s32_ret(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<::std::vec::Vec<i32>> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<i32>,),
                            >(store.as_context_mut(), &self.list_s32_ret_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `list-s64-ret`.
                    pub fn call_list_s64_ret(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<::std::vec::Vec<i64>> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<i64>,),
                            >(store.as_context_mut(), &self.list_s64_ret_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `list-f32-ret`.
                    pub fn call_list_f32_ret(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<::std::vec::Vec<f32>> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<f32>,),
                            >(store.as_context_mut(), &self.list_f32_ret_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `list-f64-ret`.
                    pub fn call_list_f64_ret(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<::std::vec::Vec<f64>> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<f64>,),
                            >(store.as_context_mut(), &self.list_f64_ret_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `tuple-list`.
                    pub fn call_tuple_list(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::vec::Vec<(u8, i8)>,
                    ) -> ::hoist::anyhow::Result<::std::vec::Vec<(i64, u32)>> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<(u8, i8)>,),
                                (::std::vec::Vec<(i64, u32)>,),
                            >(store.as_context_mut(), &self.tuple_list_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `string-list-arg`.
                    pub fn call_string_list_arg(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        a: ::std::vec::Vec<::std::string::String>,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<::std::string::String>,),
                                (),
                            >(store.as_context_mut(), &self.string_list_arg_index)?;
                        let () = callee.call(store.as_context_mut(), (a,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `string-list-ret`.
                    pub fn call_string_list_ret(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<
                        ::std::vec::Vec<::std::string::String>,
                    > {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<::std::string::String>,),
                            >(store.as_context_mut(), &self.string_list_ret_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `tuple-string-list`.
                    pub fn call_tuple_string_list(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::vec::Vec<(u8, ::std::string::String)>,
                    ) -> ::hoist::anyhow::Result<
                        ::std::vec::Vec<(::std::string::String, u8)>,
                    > {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<(u8, ::std::string::String)>,),
                                (::std::vec::Vec<(::std::string::String, u8)>,),
                            >(store.as_context_mut(), &self.tuple_string_list_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `string-list`.
                    pub fn call_string_list(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::vec::Vec<::std::string::String>,
                    ) -> ::hoist::anyhow::Result<
                        ::std::vec::Vec<::std::string::String>,
                    > {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<::std::string::String>,),
                                (::std::vec::Vec<::std::string::String>,),
                            >(store.as_context_mut(), &self.string_list_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `record-list`.
                    pub fn call_record_list(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::vec::Vec<SomeRecord>,
                    ) -> ::hoist::anyhow::Result<::std::vec::Vec<OtherRecord>> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<SomeRecord>,),
                                (::std::vec::Vec<OtherRecord>,),
                            >(store.as_context_mut(), &self.record_list_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `record-list-reverse`.
                    pub fn call_record_list_reverse(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::vec::Vec<OtherRecord>,
                    ) -> ::hoist::anyhow::Result<::std::vec::Vec<SomeRecord>> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<OtherRecord>,),
                                (::std::vec::Vec<SomeRecord>,),
                            >(store.as_context_mut(), &self.record_list_reverse_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `variant-list`.
                    pub fn call_variant_list(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::vec::Vec<SomeVariant>,
                    ) -> ::hoist::anyhow::Result<::std::vec::Vec<OtherVariant>> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<SomeVariant>,),
                                (::std::vec::Vec<OtherVariant>,),
                            >(store.as_context_mut(), &self.variant_list_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `load-store-everything`.
                    pub fn call_load_store_everything(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        a: LoadStoreAllSizes,
                    ) -> ::hoist::anyhow::Result<LoadStoreAllSizes> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (LoadStoreAllSizes,),
                                (LoadStoreAllSizes,),
                            >(
                                store.as_context_mut(),
                                &self.load_store_everything_index,
                            )?;
                        let (ret0,) = callee.call(store.as_context_mut(), (a,))?;
                        ::core::result::Result::Ok(ret0)
                    }
                }
            }
        }
    }
}
