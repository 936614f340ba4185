/// The exports of an instance of world `the-world`, with the functions to link its imports and to instantiate it.
pub struct TheWorld {
    instance: ::hoist::component::Instance,
    foo_foo_anon: self::exports::foo::foo::anon::Guest,
}
impl TheWorld {
    /// Registers everything world `the-world` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: self::foo::foo::anon::Host,
    {
        self::foo::foo::anon::add_to_linker(linker, get)?;
        ::core::result::Result::Ok(())
    }
    /// Instantiates `component` with the imports registered in `linker` and looks up the exports of world `the-world`. Returns the exports and the instance.
    pub fn instantiate<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        component: &::hoist::component::Component,
        linker: &::hoist::component::Linker<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = linker.instantiate(store.as_context_mut(), component)?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Instantiates a pre-linked component and looks up the exports of world `the-world`. Returns the exports and the instance.
    pub fn instantiate_pre<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        pre: &::hoist::component::InstancePre<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = pre.instantiate(store.as_context_mut())?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Looks up and type-checks the exports of world `the-world` in an already created `instance`.
    #[allow(unused_mut, unused_variables)]
    pub fn new(
        mut store: impl ::hoist::AsContextMut,
        instance: &::hoist::component::Instance,
    ) -> ::hoist::anyhow::Result<Self> {
        let foo_foo_anon = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "foo:foo/anon",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `foo:foo/anon` in world the-world"
                    )
                })?;
            self::exports::foo::foo::anon::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        ::core::result::Result::Ok(Self {
            instance: instance.clone(),
            foo_foo_anon,
        })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
    /// The functions of the exported interface `foo:foo/anon`.
    pub fn foo_foo_anon(&self) -> &self::exports::foo::foo::anon::Guest {
        &self.foo_foo_anon
    }
}
#[allow(clippy::all)]
pub mod foo {
    //! Bindings generated from WIT, for `foo`.
    pub mod foo {
        //! Bindings generated from WIT, for `foo/foo`.
        pub mod anon {
            //! Bindings generated from WIT, for `foo/foo/anon`.
            /// The WIT type `error`.
            #[derive(
                ::hoist::component::ComponentType,
                ::hoist::component::Lift,
                ::hoist::component::Lower
            )]
            #[component(enum)]
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            #[repr(u8)]
            pub enum Error {
                /// The case `success`.
                #[component(name = "success")]
                Success,
                /// The case `failure`.
                #[component(name = "failure")]
                Failure,
            }
            /// The host's implementation of the imported interface `foo:foo/anon`.
            pub trait Host {
                /// The WIT function `option-test`.
                fn option_test(
                    &mut self,
                ) -> ::hoist::anyhow::Result<
                    ::core::result::Result<
                        ::core::option::Option<::std::string::String>,
                        Error,
                    >,
                >;
            }
            /// Registers the functions of `foo:foo/anon` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("foo:foo/anon")?;
                inst.func_wrap(
                    "option-test",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<
                        (
                            ::core::result::Result<
                                ::core::option::Option<::std::string::String>,
                                Error,
                            >,
                        ),
                    > {
                        let host = get(caller.data_mut());
                        let r = Host::option_test(host)?;
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
            pub mod anon {
                //! Bindings generated from WIT, for `exports/foo/foo/anon`.
                /// The WIT type `error`.
                #[derive(
                    ::hoist::component::ComponentType,
                    ::hoist::component::Lift,
                    ::hoist::component::Lower
                )]
                #[component(enum)]
                #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
                #[repr(u8)]
                pub enum Error {
                    /// The case `success`.
                    #[component(name = "success")]
                    Success,
                    /// The case `failure`.
                    #[component(name = "failure")]
                    Failure,
                }
                /// Typed access to the functions of the exported interface `foo:foo/anon`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    option_test_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `foo:foo/anon` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let option_test_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "option-test",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `option-test` in exported interface `foo:foo/anon`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (
                                    ::core::result::Result<
                                        ::core::option::Option<::std::string::String>,
                                        Error,
                                    >,
                                ),
                            >(store.as_context_mut(), &option_test_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            option_test_index,
                        })
                    }
                    /// The WIT function `option-test`.
                    pub fn call_option_test(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<
                        ::core::result::Result<
                            ::core::option::Option<::std::string::String>,
                            Error,
                        >,
                    > {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (
                                    ::core::result::Result<
                                        ::core::option::Option<::std::string::String>,
                                        Error,
                                    >,
                                ),
                            >(store.as_context_mut(), &self.option_test_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                }
            }
        }
    }
}
